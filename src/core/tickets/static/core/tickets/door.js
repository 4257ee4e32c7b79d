// Door phone for signed tickets (core.tickets). Works offline once the bundle is loaded:
// verifies the ECDSA P-256 signature with WebCrypto, refuses revoked and already-admitted
// tickets (local list), queues every scan and uploads the queue when the network returns.
// Markup: <div data-door data-bundle-url="…" data-upload-url="…" data-scope="…" data-csrf="…">
// with [data-door-input], [data-door-form], [data-door-result], [data-door-status],
// [data-door-sync], [data-door-camera], <video data-door-video>.
(function () {
  "use strict";
  var root = document.querySelector("[data-door]");
  if (!root) return;
  var scope = root.dataset.scope;
  var storeKey = "door:" + location.host + ":" + scope;
  var state = load();
  var keyCache = {};
  var $ = function (sel) { return root.querySelector(sel); };
  var resultBox = $("[data-door-result]"), statusBox = $("[data-door-status]");

  var LABELS = {
    admitted: ["ok", "✓ 验票通过，欢迎入场"],
    duplicate: ["warn", "✗ 重复入场：该票已于 {time} 检过"],
    revoked: ["bad", "✗ 该票已作废（取消/退款/请退）"],
    invalid: ["bad", "✗ 无效票：签名不正确"],
    wrong_scope: ["bad", "✗ 不是本场活动的票"],
    no_bundle: ["bad", "请先联网下载验票数据"]
  };

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || { bundle: null, admitted: {}, queue: [] }; }
    catch (e) { return { bundle: null, admitted: {}, queue: [] }; }
  }
  function save() { localStorage.setItem(storeKey, JSON.stringify(state)); render(); }

  function b64urlToBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function b64ToBytes(text) { return b64urlToBytes(text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")); }

  function importKey(kid) {
    if (!keyCache[kid]) {
      var spki = state.bundle && state.bundle.keys[kid];
      if (!spki) return Promise.resolve(null);
      keyCache[kid] = crypto.subtle.importKey("spki", b64ToBytes(spki), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    }
    return keyCache[kid];
  }

  function verify(code) {
    if (!state.bundle) return Promise.resolve({ status: "no_bundle" });
    var parts = code.trim().split(".");
    if (parts.length !== 3 || parts[0] !== "TK1") return Promise.resolve({ status: "invalid" });
    var body, payload, sig;
    try {
      body = b64urlToBytes(parts[1]); sig = b64urlToBytes(parts[2]);
      payload = JSON.parse(new TextDecoder().decode(body));
    } catch (e) { return Promise.resolve({ status: "invalid" }); }
    if (sig.length !== 64) return Promise.resolve({ status: "invalid" });
    return importKey(payload.k).then(function (key) {
      if (!key) return { status: "invalid" };
      return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, sig, body).then(function (ok) {
        if (!ok) return { status: "invalid" };
        if (payload.s !== scope) return { status: "wrong_scope", serial: payload.n };
        if (state.bundle.revoked.indexOf(payload.n) >= 0) return { status: "revoked", serial: payload.n };
        if (state.admitted[payload.n]) return { status: "duplicate", serial: payload.n, first: state.admitted[payload.n] };
        return { status: "admitted", serial: payload.n };
      });
    });
  }

  function nonce() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function scan(code) {
    return verify(code).then(function (verdict) {
      var now = new Date().toISOString();
      if (verdict.status !== "no_bundle") {
        if (verdict.status === "admitted") state.admitted[verdict.serial] = now;
        state.queue.push({ code: code.trim(), nonce: nonce(), scanned_at: now, device_status: verdict.status });
        save();
      }
      show(verdict);
      if (navigator.onLine) sync();
      return verdict;
    });
  }

  function show(verdict) {
    var label = LABELS[verdict.status] || LABELS.invalid;
    var first = verdict.first ? new Date(verdict.first).toLocaleTimeString() : "";
    resultBox.className = "door-result door-" + label[0];
    resultBox.textContent = label[1].replace("{time}", first);
    resultBox.dataset.status = verdict.status;
  }

  function render() {
    var online = navigator.onLine ? "在线" : "离线";
    var loaded = state.bundle ? "验票数据 " + new Date(state.bundle.generated_at).toLocaleTimeString() : "未下载验票数据";
    statusBox.textContent = online + " · " + loaded + " · 已入场 " + Object.keys(state.admitted).length + " · 待上传 " + state.queue.length;
    statusBox.dataset.pending = String(state.queue.length);
    statusBox.dataset.bundle = state.bundle ? "loaded" : "missing";
  }

  function fetchBundle() {
    return fetch(root.dataset.bundleUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (bundle) {
        state.bundle = bundle;
        (bundle.admitted || []).forEach(function (serial) { if (!state.admitted[serial]) state.admitted[serial] = bundle.generated_at; });
        keyCache = {};
        save();
      });
  }

  var syncing = false;
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    var batch = state.queue.slice(0, 200);
    var upload = batch.length ? fetch(root.dataset.uploadUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ device: deviceId(), scans: batch })
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(function (data) {
      var done = {};
      batch.forEach(function (s) { done[s.nonce] = true; });
      state.queue = state.queue.filter(function (s) { return !done[s.nonce]; });
      (data.results || []).forEach(function (r) { if (r.status === "admitted" && r.serial) state.admitted[r.serial] = r.first_scanned_at; });
      save();
    }) : Promise.resolve();
    return upload.then(fetchBundle).catch(function () { render(); }).then(function () { syncing = false; });
  }

  function deviceId() {
    var id = localStorage.getItem("door:device");
    if (!id) { id = "door-" + nonce().slice(0, 8); localStorage.setItem("door:device", id); }
    return id;
  }

  // Camera: the browser's BarcodeDetector where it exists (Android Chrome, WeChat's X5 on new
  // phones); otherwise a USB/Bluetooth scanner or typing into the input works the same way.
  function startCamera() {
    var video = $("[data-door-video]");
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
      resultBox.textContent = "此浏览器不支持摄像头识别，请使用扫码枪或输入票码";
      return;
    }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      var last = "", busy = false;
      setInterval(function () {
        if (busy || video.readyState < 2) return;
        busy = true;
        detector.detect(video).then(function (codes) {
          if (codes.length && codes[0].rawValue !== last) { last = codes[0].rawValue; return scan(last); }
        }).catch(function () {}).then(function () { busy = false; });
      }, 300);
    }).catch(function () { resultBox.textContent = "无法打开摄像头"; });
  }

  $("[data-door-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = $("[data-door-input]");
    if (input.value.trim()) scan(input.value);
    input.value = "";
    input.focus();
  });
  $("[data-door-sync]").addEventListener("click", function () { sync(); });
  var camera = $("[data-door-camera]");
  if (camera) camera.addEventListener("click", startCamera);
  window.addEventListener("online", function () { render(); sync(); });
  window.addEventListener("offline", render);
  setInterval(function () { if (navigator.onLine && state.queue.length) sync(); }, 15000);
  window.doorScan = scan; // for the page's own tests and external scanner bridges
  render();
  if (navigator.onLine) sync(); else if (!state.bundle) show({ status: "no_bundle" });
})();
