// Material wraps each code block's copy button in a <nav>, so a page with twenty code blocks
// has twenty unnamed navigation landmarks (axe: landmark-unique). They hold a button, not
// navigation: take away the landmark role, as each one is created.
(function () {
  function unlandmark(root) {
    root.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }
  new MutationObserver(function () {
    unlandmark(document);
  }).observe(document.body, { childList: true, subtree: true });
  unlandmark(document);
})();
