// Activity heartbeat (P11): tells the server once a minute that the page is in use.
(function () {
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url) return;
  var csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
  function beat() {
    if (document.visibilityState !== "visible") return;
    fetch(url, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" }).catch(function () {});
  }
  setInterval(beat, 60000);
  beat();
})();
