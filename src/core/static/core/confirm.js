// Confirmation before destructive actions in plain forms. Templates mark the button (or the
// form) with hx-confirm="…"; htmx asks only for requests it sends itself, so ordinary form
// posts are confirmed here. Elements that htmx drives (hx-post, hx-get…) are left to htmx.
(function () {
  var HTMX_VERBS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"];
  function drivenByHtmx(el) {
    return el && HTMX_VERBS.some(function (attr) { return el.hasAttribute(attr); });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (drivenByHtmx(form) || drivenByHtmx(submitter)) return;
    var source = submitter && submitter.hasAttribute("hx-confirm") ? submitter : form;
    var question = source && source.getAttribute("hx-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
