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

// Readers paste error messages into the search box, and Material hands the query to lunr,
// whose syntax such a message trips over: "-word" means "must not contain word", so
// "expected axis -1 of input shape" leaves out every passage containing "1" (the entry that
// explains the message included); and a "quoted phrase" is required word for word, so
// Tensor("input_1:0", ...) finds nothing. A minus before a digit is a negative number and
// double quotes are the message's own: drop them before the query reaches the search worker.
// Material also lets every word match as a prefix, so a lone letter ("a", or the "s" of
// "it's") matches nearly every passage: drop lone Latin letters too.
// (tests/test_search.py pastes such messages.)
(function () {
  const QUERY = 2; // Material's SearchMessageType.QUERY
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      const data = message.data
        .replace(/(^|\s)-(?=\d)/g, "$1")
        .replace(/"/g, " ")
        .replace(/(^|[\s'`(])[A-Za-z](?=[\s'`),.:;]|$)/g, "$1");
      message = Object.assign({}, message, { data: data });
    }
    return post.call(this, message, ...rest);
  };
})();

// The language selector opens the same page in the other edition (Material finds it in the
// sitemap) but drops the #section the reader was at, although both editions give their
// headings the same ids: a reader at zh/reference/troubleshooting/#encoded-imgs landed at the
// top of a long English page. Remember the section when the selector is clicked, and go to
// it on the page that opens, if it has it. (tests/test_browser.py switches from a section.)
(function () {
  const KEY = "keras-two-apis.language-section";
  document.addEventListener(
    "click",
    function (event) {
      const link = event.target instanceof Element && event.target.closest(".md-select a[hreflang]");
      if (link && location.hash) sessionStorage.setItem(KEY, location.hash);
    },
    true, // before Material's own handler replaces the navigation
  );
  const section = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (section && !location.hash) {
    const target = document.getElementById(decodeURIComponent(section.slice(1)));
    if (target) {
      history.replaceState(history.state, "", section);
      target.scrollIntoView();
    }
  }
})();
