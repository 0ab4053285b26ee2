// The regions of a page's items, drawn on the page image in the admin (newsroom/page_admin.py). They are kept as JSON
// in the form's "regions" field: [{"target": "articles.article:12", "shape": "rect"|"polygon", "points": [[x, y], ...]}]
// with x and y from 0 to 1 from the image's top left. Without this script the field is shown as it is.
// No inline script or style anywhere: the Content-Security-Policy allows none.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var MIN_SIDE = 0.005;

  function round(value) {
    return Math.round(Math.min(Math.max(value, 0), 1) * 10000) / 10000;
  }

  function setup(editor) {
    var field = editor.querySelector("textarea.region-data");
    var tools = editor.querySelector(".region-tools");
    var stage = editor.querySelector(".region-stage");
    var svg = editor.querySelector(".region-overlay");
    var width = Number(editor.getAttribute("data-width"));
    var height = Number(editor.getAttribute("data-height"));
    var message = editor.querySelector(".region-message");
    var items = Array.prototype.slice.call(editor.querySelectorAll("li[data-target]"));
    var order = items.map(function (li) { return li.getAttribute("data-target"); });
    var regions = {}; // item key -> {shape, points}
    var proposed = {}; // item keys whose region came from the PDF's text and has not been touched since
    var active = null;
    var mode = null; // "rect" or "polygon" while drawing for `active`
    var draft = null;

    try {
      JSON.parse(field.value || "[]").forEach(function (region) {
        regions[region.target] = { shape: region.shape, points: region.points };
      });
    } catch (error) {
      return; // the field as typed, for the editor (and the form's error) to fix
    }
    tools.hidden = false;
    field.hidden = true;

    function element(name, attributes) {
      var made = document.createElementNS(SVG, name);
      Object.keys(attributes).forEach(function (key) { made.setAttribute(key, attributes[key]); });
      return made;
    }

    function scaled(point) {
      return [point[0] * width, point[1] * height];
    }

    function shape(region, className) {
      if (region.shape === "rect") {
        var a = scaled(region.points[0]);
        var b = scaled(region.points[1]);
        return element("rect", {
          x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]),
          width: Math.abs(b[0] - a[0]), height: Math.abs(b[1] - a[1]), "class": className
        });
      }
      var points = region.points.map(function (point) { return scaled(point).join(","); }).join(" ");
      return element(region.points.length > 2 ? "polygon" : "polyline", { points: points, "class": className });
    }

    function draw() {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      order.forEach(function (key, index) {
        var region = regions[key];
        if (!region) return;
        var group = element("g", { "data-target": key });
        var className = "region" + (proposed[key] ? " proposed" : "") + (key === active ? " active" : "");
        group.appendChild(shape(region, className));
        var corner = scaled(region.points[0]);
        var number = element("text", { x: corner[0] + 4, y: corner[1] + 22, "class": "region-number" });
        number.textContent = String(index + 1);
        group.appendChild(number);
        svg.appendChild(group);
      });
      if (draft) svg.appendChild(shape(draft, "region draft"));
      items.forEach(function (li) {
        var key = li.getAttribute("data-target");
        li.classList.toggle("has-region", Boolean(regions[key]));
        li.classList.toggle("proposed", Boolean(proposed[key]));
        li.classList.toggle("active", key === active);
      });
      stage.classList.toggle("drawing", Boolean(mode));
    }

    function save() {
      field.value = JSON.stringify(order.filter(function (key) { return regions[key]; }).map(function (key) {
        return { target: key, shape: regions[key].shape, points: regions[key].points };
      }));
      draw();
    }

    function pointAt(event) {
      var box = svg.getBoundingClientRect();
      return [round((event.clientX - box.left) / box.width), round((event.clientY - box.top) / box.height)];
    }

    function stop() {
      mode = null;
      draft = null;
      draw();
    }

    function finish(region) {
      regions[active] = region;
      delete proposed[active];
      stop();
      save();
    }

    function propose(button) {
      button.disabled = true;
      message.textContent = "正在查找…";
      fetch(button.getAttribute("data-auto-regions"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          var kept = 0;
          data.regions.forEach(function (region) {
            if (regions[region.target] && !proposed[region.target]) {
              kept += 1; // drawn by hand: the editor's region stays
              return;
            }
            regions[region.target] = { shape: region.shape, points: region.points };
            proposed[region.target] = true;
          });
          var text = data.message;
          if (kept) text += " 已画好的 " + kept + " 项没有改动。";
          if (data.missing.length) text += " 没找到:" + data.missing.join("、") + "。";
          message.textContent = text;
          save();
        })
        .catch(function () { message.textContent = "查找失败,请手工画热区。"; })
        .then(function () { button.disabled = false; });
    }

    editor.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      var li = event.target.closest("li[data-target]");
      if (button && button.hasAttribute("data-auto-regions")) {
        propose(button);
      } else if (button && button.hasAttribute("data-clear-all")) {
        regions = {};
        proposed = {};
        stop();
        save();
      } else if (button && li && button.hasAttribute("data-draw")) {
        active = li.getAttribute("data-target");
        mode = button.getAttribute("data-draw");
        draft = null;
        draw();
      } else if (button && li && button.hasAttribute("data-clear")) {
        delete regions[li.getAttribute("data-target")];
        delete proposed[li.getAttribute("data-target")];
        stop();
        save();
      } else if (li) {
        active = li.getAttribute("data-target");
        draw();
      }
    });

    svg.addEventListener("pointerdown", function (event) {
      if (!mode) {
        var group = event.target.closest("g[data-target]");
        if (group) {
          active = group.getAttribute("data-target");
          draw();
        }
        return;
      }
      event.preventDefault();
      var point = pointAt(event);
      if (mode === "rect") {
        draft = { shape: "rect", points: [point, point] };
        svg.setPointerCapture(event.pointerId);
      } else {
        draft = draft || { shape: "polygon", points: [] };
        var last = draft.points[draft.points.length - 1];
        if (!last || last[0] !== point[0] || last[1] !== point[1]) draft.points.push(point);
      }
      draw();
    });

    svg.addEventListener("pointermove", function (event) {
      if (mode === "rect" && draft) {
        draft.points[1] = pointAt(event);
        draw();
      }
    });

    svg.addEventListener("pointerup", function (event) {
      if (mode !== "rect" || !draft) return;
      var a = draft.points[0];
      var b = pointAt(event);
      if (Math.abs(b[0] - a[0]) < MIN_SIDE || Math.abs(b[1] - a[1]) < MIN_SIDE) {
        draft = null; // a click, not a rectangle
        draw();
        return;
      }
      finish({ shape: "rect", points: [[Math.min(a[0], b[0]), Math.min(a[1], b[1])], [Math.max(a[0], b[0]), Math.max(a[1], b[1])]] });
    });

    svg.addEventListener("dblclick", function (event) {
      if (mode === "polygon" && draft && draft.points.length >= 3) {
        event.preventDefault();
        finish(draft);
      }
    });

    document.addEventListener("keydown", function (event) {
      if (!mode) return;
      if (event.key === "Escape") {
        event.preventDefault();
        stop();
      } else if (event.key === "Enter" && mode === "polygon" && draft && draft.points.length >= 3) {
        event.preventDefault(); // not the form's submit
        finish(draft);
      }
    });

    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-region-editor]"), setup);
  });
})();
