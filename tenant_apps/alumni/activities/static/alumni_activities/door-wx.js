// The door page inside WeChat: once the JS-SDK bridge (wechat/wxbridge.js) has verified the page,
// show "微信扫一扫" and hand each scanned code to the offline checker (core/tickets/door.js,
// window.doorScan). Outside WeChat this file is not loaded and the camera/manual entry stay.
(function () {
  "use strict";
  var button = document.querySelector("[data-door-wxscan]");
  if (!button || !window.CampusWx || !window.CampusWx.available) return;
  window.CampusWx.ready(function (ok) {
    if (!ok) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      window.CampusWx.scanQRCode(function (code) {
        if (window.doorScan) window.doorScan(code);
      });
    });
  });
})();
