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
