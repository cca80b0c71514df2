// Material wraps each code block's copy button in a <nav>, so a page with twenty code blocks
// has twenty unnamed navigation landmarks (axe: landmark-unique). They hold a button, not
// navigation: take away the landmark role of each one as Material adds it.
(function () {
  function unlandmark(node) {
    if (node.nodeType === 1 && node.matches("nav.md-code__nav")) {
      node.setAttribute("role", "none");
    }
  }
  new MutationObserver(function (records) {
    for (const record of records) record.addedNodes.forEach(unlandmark);
  }).observe(document.body, { childList: true, subtree: true });
  document.querySelectorAll("nav.md-code__nav").forEach(unlandmark);
})();
