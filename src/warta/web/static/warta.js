// Warta's pages work without script; this only adds a keyboard shortcut:
// "/" jumps to the search box, as on most sites analysts use.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const box = document.querySelector("main input[name=q]") ||
    document.querySelector("header input[name=q]");
  if (box) {
    event.preventDefault();
    box.focus();
  }
});
