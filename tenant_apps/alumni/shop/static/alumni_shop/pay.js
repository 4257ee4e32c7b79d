// WeChat Pay JSAPI on the order page: ask our server for the signed parameters, hand them to
// WeixinJSBridge, then ask the server to query WeChat Pay (the bridge's "ok" is not proof).
(function () {
  "use strict";
  var box = document.querySelector("[data-pay]");
  if (!box) return;
  var message = box.querySelector("[data-pay-message]");
  box.querySelector("[data-pay-button]").addEventListener("click", function () {
    fetch(box.dataset.payUrl, { method: "POST", body: new FormData(), credentials: "same-origin", headers: { "X-CSRFToken": box.dataset.csrf } })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (!res.ok) { message.textContent = res.data.message || "暂时无法支付"; return; }
        box.dataset.order = res.data.out_trade_no;
        if (!window.WeixinJSBridge) { message.textContent = "订单已创建（" + res.data.out_trade_no + "），请在微信中完成支付后点“我已完成支付”。"; return; }
        window.WeixinJSBridge.invoke("getBrandWCPayRequest", res.data.jsapi, function (result) {
          if (result.err_msg === "get_brand_wcpay_request:ok") document.querySelector("[data-paid]").click();
          else message.textContent = "支付未完成";
        });
      })
      .catch(function () { message.textContent = "网络异常，请重试"; });
  });
})();
