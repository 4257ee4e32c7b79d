// WeChat JS-SDK bridge (docs/decisions/0131). The official jweixin file is not shipped: inside
// WeChat's browser `WeixinJSBridge` is always injected, and jweixin itself is a thin wrapper over
// it. This file does the same for the few calls we use: it verifies the page with the server's
// signature (`preVerifyJSAPI`, what wx.config sends), then offers
//   CampusWx.ready(fn)                      fn(ok) once verification finished
//   CampusWx.scanQRCode(onCode, onFail)     WeChat's scanner; onCode(text)
//   CampusWx.share({title, desc, link, img_url})  the share card for friends and Moments
// The config comes from <div id="wx-jssdk" data-…> (wechat/_jssdk.html); data-share-* set the
// share card at once. Outside WeChat there is no #wx-jssdk and CampusWx.available is false.
(function () {
  "use strict";
  var el = document.getElementById("wx-jssdk");
  var cfg = el ? el.dataset : null;
  var state = { done: false, ok: false, waiting: [] };

  function withVerify(args) {
    args = args || {};
    args.appId = cfg.appId;
    args.verifyAppId = cfg.appId;
    args.verifySignType = "sha1";
    args.verifyTimestamp = String(cfg.timestamp);
    args.verifyNonceStr = cfg.nonceStr;
    args.verifySignature = cfg.signature;
    return args;
  }

  function succeeded(res) {
    var message = (res && (res.err_msg || res.errMsg)) || "";
    return /:ok$/.test(message) || /:ok /.test(message);
  }

  function whenBridge(fn) {
    if (window.WeixinJSBridge && window.WeixinJSBridge.invoke) { fn(); return; }
    document.addEventListener("WeixinJSBridgeReady", fn, false);
  }

  function invoke(name, args, callback) {
    whenBridge(function () { window.WeixinJSBridge.invoke(name, withVerify(args), callback || function () {}); });
  }

  function finish(ok) {
    state.done = true;
    state.ok = ok;
    document.documentElement.setAttribute("data-wx", ok ? "ready" : "failed");
    var waiting = state.waiting;
    state.waiting = [];
    waiting.forEach(function (fn) { fn(ok); });
  }

  function ready(fn) {
    if (!cfg) { fn(false); return; }
    if (state.done) fn(state.ok); else state.waiting.push(fn);
  }

  function share(data) {
    ready(function (ok) {
      if (!ok || !data || !data.title) return;
      var card = { title: data.title, desc: data.desc || "", link: data.link || location.href.split("#")[0], img_url: data.img_url || "" };
      invoke("updateAppMessageShareData", card);
      invoke("updateTimelineShareData", { title: card.title, link: card.link, img_url: card.img_url });
    });
  }

  function scanQRCode(onCode, onFail) {
    ready(function (ok) {
      if (!ok) { if (onFail) onFail("not_ready"); return; }
      invoke("scanQRCode", { needResult: 1, desc: "scanQRCode desc", scanType: ["qrCode"] }, function (res) {
        if (succeeded(res) && res.resultStr) onCode(String(res.resultStr));
        else if (onFail) onFail((res && (res.err_msg || res.errMsg)) || "cancelled");
      });
    });
  }

  window.CampusWx = { available: !!cfg, ready: ready, share: share, scanQRCode: scanQRCode };
  if (!cfg) return;

  invoke("preVerifyJSAPI", { verifyJsApiList: (cfg.apis || "").split(",").filter(Boolean), verifyOpenTagList: [] }, function (res) {
    finish(succeeded(res));
  });
  if (cfg.shareTitle) share({ title: cfg.shareTitle, desc: cfg.shareDesc, link: cfg.shareLink, img_url: cfg.shareImg });
})();
