// Report the first "play" of a page view to the play URL (counted once per viewer per day).
(function () {
  "use strict";
  var player = document.getElementById("video-player");
  if (!player || !player.dataset.playUrl) { return; }
  var reported = false;
  player.addEventListener("play", function () {
    if (reported) { return; }
    reported = true;
    fetch(player.dataset.playUrl, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": player.dataset.csrf}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        var count = document.getElementById("play-count");
        if (body && count) { count.textContent = body.play_count; }
      })
      .catch(function () { reported = false; });
  });
}());
