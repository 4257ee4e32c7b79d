// Booth map of a job fair (back office). Two modes:
// - assign (default): drag an employer chip onto a booth, or click a chip then a booth; drop it
//   on the pool to take it off. POST {api}applications/<id>/booth/ {booth_id}.
// - edit ("绘制展位"): click or drag over grid cells to paint the chosen booth kind (or an aisle),
//   then "保存本展厅" PUTs {api}halls/<hall>/layout/ {cells: [{row, column, kind}]}.
// The server checks every rule (free booth, premium only for those who asked, accessible where
// needed) and answers with a Chinese message, shown above the map.
(function () {
  "use strict";
  var root = document.querySelector("[data-booth-map]");
  if (!root) return;
  var api = root.dataset.api, csrf = root.dataset.csrf, canArrange = root.dataset.canArrange === "1";
  var message = root.querySelector("[data-map-message]");
  var selected = null;

  function say(text, kind) {
    message.innerHTML = "";
    var box = document.createElement("div");
    box.className = "tag " + (kind || "bad");
    box.textContent = text;
    message.appendChild(box);
  }

  function call(method, path, body) {
    return fetch(api + path, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(data.message || data.detail || ("操作失败（" + r.status + "）"));
        return data;
      });
    });
  }

  function place(applicationId, boothId) {
    return call("POST", "applications/" + applicationId + "/booth/", { booth_id: boothId })
      .then(function () { location.reload(); })
      .catch(function (error) { say(error.message); });
  }

  if (!canArrange) return;

  // --- assign mode ------------------------------------------------------------------------
  root.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest("[data-application]");
    if (!chip || root.dataset.mode !== "assign") return;
    event.dataTransfer.setData("text/plain", chip.dataset.application);
    event.dataTransfer.effectAllowed = "move";
  });
  root.addEventListener("dragover", function (event) {
    if (root.dataset.mode !== "assign") return;
    var target = event.target.closest("[data-booth], [data-pool]");
    if (target) { event.preventDefault(); target.classList.add("drop"); }
  });
  root.addEventListener("dragleave", function (event) {
    var target = event.target.closest("[data-booth], [data-pool]");
    if (target) target.classList.remove("drop");
  });
  root.addEventListener("drop", function (event) {
    if (root.dataset.mode !== "assign") return;
    var target = event.target.closest("[data-booth], [data-pool]");
    var id = event.dataTransfer.getData("text/plain");
    if (!target || !id) return;
    event.preventDefault();
    target.classList.remove("drop");
    place(id, target.dataset.booth ? Number(target.dataset.booth) : null);
  });
  root.addEventListener("click", function (event) {
    if (root.dataset.mode !== "assign") return;
    var chip = event.target.closest("[data-application]");
    if (chip) {
      if (selected) selected.classList.remove("selected");
      selected = selected === chip ? null : chip;
      if (selected) { selected.classList.add("selected"); say("已选中“" + chip.textContent.trim() + "”，请点击目标展位（点左侧空白处移出）", "warn"); }
      return;
    }
    if (!selected) return;
    var target = event.target.closest("[data-booth], [data-pool]");
    if (target) place(selected.dataset.application, target.dataset.booth ? Number(target.dataset.booth) : null);
  });

  var auto = document.querySelector("[data-auto-assign]");
  if (auto) auto.addEventListener("click", function () {
    if (!window.confirm(auto.getAttribute("hx-confirm"))) return;
    call("POST", "auto-assign/").then(function (data) {
      var unplaced = Object.keys(data.unplaced || {}).length;
      say("已自动分配 " + data.placed + " 家" + (unplaced ? "，" + unplaced + " 家未能安排（展位不足）" : ""), unplaced ? "warn" : "ok");
      setTimeout(function () { location.reload(); }, 600);
    }).catch(function (error) { say(error.message); });
  });

  // --- edit mode --------------------------------------------------------------------------
  var toggle = document.querySelector("[data-mode-toggle]");
  var help = root.querySelector("[data-mode-help]");
  if (toggle) toggle.addEventListener("click", function () {
    var editing = root.dataset.mode !== "edit";
    root.dataset.mode = editing ? "edit" : "assign";
    toggle.setAttribute("aria-pressed", String(editing));
    toggle.textContent = editing ? "完成绘制" : "绘制展位";
    help.textContent = editing ? "选择画笔后点击或拖过格子绘制展位，选“通道”可删除；已有单位的展位不能删除。每个展厅分别保存。"
                               : "把左侧单位拖到展位上（或先点单位再点展位）；拖回左侧即移出。";
  });

  var painting = false;
  function paint(cell) {
    var hall = cell.closest("[data-hall]");
    var kind = hall.querySelector("[data-brush]").value;
    cell.dataset.kind = kind;
    cell.className = "cell " + (kind ? "k-" + kind : "aisle") + (cell.querySelector("[data-application]") ? " taken" : "");
  }
  root.addEventListener("mousedown", function (event) {
    if (root.dataset.mode !== "edit") return;
    var cell = event.target.closest(".cell");
    if (!cell) return;
    event.preventDefault();
    painting = true;
    paint(cell);
  });
  root.addEventListener("mouseover", function (event) {
    if (!painting || root.dataset.mode !== "edit") return;
    var cell = event.target.closest(".cell");
    if (cell) paint(cell);
  });
  document.addEventListener("mouseup", function () { painting = false; });

  root.querySelectorAll("[data-save-layout]").forEach(function (button) {
    button.addEventListener("click", function () {
      var hall = button.closest("[data-hall]");
      var cells = [];
      hall.querySelectorAll(".cell").forEach(function (cell) {
        if (cell.dataset.kind) cells.push({ row: Number(cell.dataset.row), column: Number(cell.dataset.column), kind: cell.dataset.kind });
      });
      call("PUT", "halls/" + hall.dataset.hall + "/layout/", { cells: cells })
        .then(function (data) { say("已保存 " + data.booths.length + " 个展位", "ok"); setTimeout(function () { location.reload(); }, 600); })
        .catch(function (error) { say(error.message); });
    });
  });
})();
