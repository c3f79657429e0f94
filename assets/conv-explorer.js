/* The convolution explorer (issue 24), embedded in Chapter 3 and its deck.

   Plain JavaScript, no library, no request: the inputs and the trained
   filters come from conv-explorer-data.js (coursetools/explorer.py writes
   it), loaded before this file. Each element with [data-conv-explorer]
   becomes an explorer; its labels are the list that follows it on the page
   (`key`: Label, in the chapter's markdown, so that the Korean edition reads
   them from the catalogues), which is then hidden.

   The arithmetic is NCHW cross-correlation as in cnnlib.conv_naive:
   out[i][j] = sum_c sum_u sum_v x[c][i*S + u*D - top][j*S + v*D - left] * w[c][u][v],
   zero outside the input; padding "same" follows cnnlib.shapes.same_padding
   (the extra zero at the bottom and right); pooling is valid, channel by
   channel, like cnnlib.conv_naive.pool2d_single. window.convExplorer.compute
   exposes it, and tests/test_site_explorer.py compares it with cnnlib.

   Keys. On a map (click it or Tab to it): the arrow keys move the window,
   Home and End jump to the first and last output, Space or Enter plays or
   pauses. On a menu or the filter number, the keys the control uses (arrows,
   Home, End, Space, Enter, letters) stay with it; on a button, Space and
   Enter press it. Escape leaves the explorer (the focused control loses
   focus). Only those keys are kept from the page: in a reveal.js deck
   (which listens on the document) every other key, and every key while the
   focus is elsewhere, still reaches the deck, so the right arrow and Page
   Down page on after a click on a button. In a deck the explorer's
   stylesheet sets --cx-map, the size in px of each map's box (the maps then
   stack beside the controls); on a page the maps share the explorer's
   width.
*/
(function () {
  "use strict";

  var KERNELS = {
    edge: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    blur: [[1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9]],
    sobelx: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    sobely: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
  };
  var CHANNEL_WEIGHTS = {
    mean: [1 / 3, 1 / 3, 1 / 3],
    r: [1, 0, 0],
    rg: [1, -1, 0],
  };

  /* ---- the arithmetic ------------------------------------------------- */

  function samePadding(size, k, stride, dilation) {
    var span = dilation * (k - 1) + 1;
    var out = Math.ceil(size / stride);
    var total = Math.max((out - 1) * stride + span - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }

  /* [top, bottom, left, right] zeros for padding "valid", "same" or a number. */
  function padAmounts(padding, H, W, kh, kw, stride, dilation) {
    if (padding === "valid") return [0, 0, 0, 0];
    if (padding === "same") {
      return samePadding(H, kh, stride, dilation).concat(
        samePadding(W, kw, stride, dilation));
    }
    var p = Number(padding);
    if (!(p >= 0) || Math.floor(p) !== p) throw new Error("padding: " + padding);
    return [p, p, p, p];
  }

  /* spec: {input: C x H x W, mode: "conv" | "max" | "avg", stride,
     conv: filter (C x kh x kw), padding ("valid" | "same" | n), dilation;
     pooling: size (valid, no dilation).
     Returns {output: Cout x OH x OW, pad: [t, b, l, r], kh, kw, dilation}. */
  function compute(spec) {
    var x = spec.input, C = x.length, H = x[0].length, W = x[0][0].length;
    var S = spec.stride || 1;
    if (spec.mode === "max" || spec.mode === "avg") {
      var k = spec.size;
      var OHp = Math.floor((H - k) / S) + 1, OWp = Math.floor((W - k) / S) + 1;
      if (OHp < 1 || OWp < 1) return null;
      var pooled = [];
      for (var c = 0; c < C; c++) {
        var map = [];
        for (var i = 0; i < OHp; i++) {
          var row = [];
          for (var j = 0; j < OWp; j++) {
            var best = -Infinity, total = 0;
            for (var u = 0; u < k; u++) {
              for (var v = 0; v < k; v++) {
                var value = x[c][i * S + u][j * S + v];
                if (value > best) best = value;
                total += value;
              }
            }
            row.push(spec.mode === "max" ? best : total / (k * k));
          }
          map.push(row);
        }
        pooled.push(map);
      }
      return { output: pooled, pad: [0, 0, 0, 0], kh: k, kw: k, dilation: 1 };
    }
    var f = spec.filter, kh = f[0].length, kw = f[0][0].length;
    var D = spec.dilation || 1;
    if (f.length !== C) throw new Error("the filter has " + f.length + " channels, the input " + C);
    var pad = padAmounts(spec.padding, H, W, kh, kw, S, D);
    var spanH = D * (kh - 1) + 1, spanW = D * (kw - 1) + 1;
    var OH = Math.floor((H + pad[0] + pad[1] - spanH) / S) + 1;
    var OW = Math.floor((W + pad[2] + pad[3] - spanW) / S) + 1;
    if (OH < 1 || OW < 1) return null;
    var out = [];
    for (var oi = 0; oi < OH; oi++) {
      var orow = [];
      for (var oj = 0; oj < OW; oj++) {
        var sum = 0;
        for (var cc = 0; cc < C; cc++) sum += windowTerms(x[cc], f[cc], oi, oj, S, D, pad).sum;
        orow.push(sum);
      }
      out.push(orow);
    }
    return { output: [out], pad: pad, kh: kh, kw: kw, dilation: D };
  }

  /* The taps of one channel's window at output (i, j): inputs, products, sum. */
  function windowTerms(x, w, i, j, S, D, pad) {
    var H = x.length, W = x[0].length, terms = [], sum = 0;
    for (var u = 0; u < w.length; u++) {
      for (var v = 0; v < w[0].length; v++) {
        var r = i * S + u * D - pad[0], c = j * S + v * D - pad[2];
        var inside = r >= 0 && r < H && c >= 0 && c < W;
        var value = inside ? x[r][c] : 0;
        terms.push({ x: value, w: w[u][v], product: value * w[u][v], zero: !inside });
        sum += value * w[u][v];
      }
    }
    return { terms: terms, sum: sum };
  }

  /* ---- the data --------------------------------------------------------- */

  function hexBytes(hex) {
    var out = new Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return out;
  }

  /* A shipped input as C x H x W, values in [0, 1] (bytes / 255). */
  function inputArray(data, source) {
    var entry = source === "photo" ? data.photo : data.digits[Number(source)];
    var bytes = hexBytes(entry.hex), H = entry.size[0], W = entry.size[1];
    var C = bytes.length / (H * W), x = [];
    for (var c = 0; c < C; c++) {
      var channel = [];
      for (var r = 0; r < H; r++) {
        var row = [];
        for (var q = 0; q < W; q++) row.push(bytes[(r * W + q) * C + c] / 255);
        channel.push(row);
      }
      x.push(channel);
    }
    return x;
  }

  function kernel2d(data, name, index) {
    if (KERNELS[name]) return KERNELS[name];
    var bank = data.trained[name];
    return bank[Math.min(index, bank.length - 1)];
  }

  /* ---- the page --------------------------------------------------------- */

  function readLabels(root) {
    var labels = {}, node = root.nextElementSibling;
    while (node && node.tagName !== "UL") {
      node = node.tagName === "SCRIPT" || node.tagName === "LINK" ? node.nextElementSibling : null;
    }
    if (!node) return labels;
    Array.prototype.forEach.call(node.children, function (item) {
      var code = item.querySelector("code");
      if (!code) return;
      var key = code.textContent.trim();
      var text = item.textContent.replace(code.textContent, "").replace(/^\s*:\s*/, "");
      labels[key] = text.replace(/\s+/g, " ").trim();
    });
    node.hidden = true;
    node.classList.add("cx-labels");
    return labels;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : m;
    });
  }

  /* The keys each kind of control uses itself (see the header). */
  var NAVIGATION = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"];
  var OWN_KEYS = {
    CANVAS: NAVIGATION.concat([" ", "Enter"]),
    SELECT: NAVIGATION.concat([" ", "Enter"]),
    INPUT: NAVIGATION.concat([" ", "Enter", "Backspace", "Delete"]),
    BUTTON: [" ", "Enter"],
  };

  function ownKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return false;
    var tag = event.target.tagName;
    if ((tag === "SELECT" || tag === "INPUT") && event.key.length === 1) return true;
    return (OWN_KEYS[tag] || []).indexOf(event.key) >= 0;
  }

  function num(value) {
    var text = Math.abs(value) < 0.005 ? "0" : value.toFixed(2);
    return text.replace(/^-/, "\u2212");
  }

  var counter = 0;

  function Explorer(root, data) {
    var self = this;
    var L = readLabels(root);
    function t(key) { return L[key] || key; }
    counter += 1;
    var id = "cx" + counter;
    this.root = root;
    this.data = data;
    root.classList.add("cx");
    root.setAttribute("data-prevent-swipe", "");  // reveal.js: a drag is not a swipe
    root.innerHTML = "";

    function select(key, options) {
      var field = el("select", { id: id + "-" + key, "data-control": key });
      options.forEach(function (o) {
        field.appendChild(el("option", { value: o[0], text: o[1] }));
      });
      var label = el("label", { "for": field.id, text: t(key) });
      return { box: el("div", { "class": "cx-field" }, [label, field]), field: field };
    }
    function number(key, min, max, value) {
      var field = el("input", {
        id: id + "-" + key, "data-control": key, type: "number", min: String(min),
        max: String(max), value: String(value), step: "1", inputmode: "numeric",
      });
      var label = el("label", { "for": field.id, text: t(key) });
      return { box: el("div", { "class": "cx-field" }, [label, field]), field: field };
    }

    var sources = data.digits.map(function (d, i) {
      return [String(i), t("digit") + " " + d.label];
    });
    sources.push(["photo", t("photo")]);
    var c = {
      source: select("input", sources),
      mode: select("operation", [["conv", t("conv")], ["max", t("max")], ["avg", t("avg")]]),
      kernel: select("kernel", [
        ["edge", t("edge")], ["blur", t("blur")], ["sobelx", t("sobelx")],
        ["sobely", t("sobely")], ["small_cnn", t("trainedkeras")],
        ["simple_convnet", t("trainednumpy")],
      ]),
      filter: number("filter", 0, 31, 0),
      channels: select("channels", [["mean", t("chmean")], ["r", t("chr")], ["rg", t("chrg")]]),
      size: select("window", [["2", "2\u00d72"], ["3", "3\u00d73"]]),
      stride: select("stride", [["1", "1"], ["2", "2"], ["3", "3"]]),
      padding: select("padding", [
        ["valid", t("valid")], ["same", t("same")], ["1", t("explicit") + " 1"],
        ["2", t("explicit") + " 2"],
      ]),
      dilation: select("dilation", [["1", "1"], ["2", "2"], ["3", "3"]]),
    };
    this.controls = c;
    var controls = el("div", { "class": "cx-controls" });
    Object.keys(c).forEach(function (k) { controls.appendChild(c[k].box); });

    function button(key, symbol) {
      // A name that contains what the button shows ("+1"), as WCAG 2.5.3 asks.
      var name = /\d/.test(symbol) ? t(key) + ", " + symbol : t(key);
      return el("button", { type: "button", "class": "cx-button", "data-action": key,
        "aria-label": name, title: t(key), text: symbol });
    }
    var buttons = {
      start: button("start", "|\u25c0"), back: button("back", "\u22121"),
      play: button("play", "\u25b6"), step: button("step", "+1"),
      all: button("all", "\u25b6|"),
    };
    var bar = el("div", { "class": "cx-bar" });
    Object.keys(buttons).forEach(function (k) { bar.appendChild(buttons[k]); });

    this.inCanvas = el("canvas", { "class": "cx-canvas", tabindex: "0", role: "img",
      "data-view": "input" });
    this.outCanvas = el("canvas", { "class": "cx-canvas", tabindex: "0", role: "img",
      "data-view": "output" });
    var inFigure = el("div", { "class": "cx-view" }, [
      el("div", { "class": "cx-caption", text: t("input") }), this.inCanvas]);
    var outFigure = el("div", { "class": "cx-view" }, [
      el("div", { "class": "cx-caption", text: t("output") }), this.outCanvas]);
    this.shape = el("p", { "class": "cx-shape", "aria-live": "polite" });
    this.detail = el("div", { "class": "cx-detail" });
    this.status = el("p", { "class": "cx-status", "aria-live": "polite" });
    root.appendChild(controls);
    root.appendChild(bar);
    root.appendChild(this.shape);
    root.appendChild(el("div", { "class": "cx-views" }, [inFigure, outFigure]));
    root.appendChild(this.status);
    root.appendChild(this.detail);
    root.appendChild(el("p", { "class": "cx-help", text: t("help") }));
    this.t = t;
    this.buttons = buttons;
    this.position = 0;
    this.timer = null;

    Object.keys(c).forEach(function (k) {
      c[k].field.addEventListener("change", function () { self.update(true); });
    });
    buttons.start.addEventListener("click", function () { self.go(0); });
    buttons.back.addEventListener("click", function () { self.go(self.position - 1); });
    buttons.step.addEventListener("click", function () { self.go(self.position + 1); });
    buttons.all.addEventListener("click", function () { self.go(self.count() - 1); });
    buttons.play.addEventListener("click", function () { self.toggle(); });
    [this.inCanvas, this.outCanvas].forEach(function (canvas) {
      canvas.addEventListener("keydown", function (event) { self.key(event); });
      canvas.addEventListener("click", function (event) { self.tap(canvas, event); });
    });
    // The keys a control uses stay with it; Escape leaves the explorer.
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.contains(document.activeElement)) {
        document.activeElement.blur();
        event.stopPropagation();
      } else if (ownKey(event)) {
        event.stopPropagation();
      }
    });
    var redraw = function () { self.draw(); };
    window.addEventListener("resize", redraw);
    // Drawn again when its width changes (a deck's slide shown, a layout).
    if (window.ResizeObserver) {
      var drawnWidth = root.clientWidth;
      new ResizeObserver(function () {
        if (root.clientWidth !== drawnWidth) {
          drawnWidth = root.clientWidth;
          self.draw();
        }
      }).observe(root);
    }
    new MutationObserver(redraw).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-theme"] });
    this.update(true);
  }

  Explorer.prototype.settings = function () {
    var c = this.controls;
    var source = c.source.field.value;
    var input = inputArray(this.data, source);
    var mode = c.mode.field.value;
    var spec = { input: input, mode: mode, stride: Number(c.stride.field.value) };
    if (mode === "conv") {
      var bank = this.data.trained[c.kernel.field.value];
      var index = Math.max(0, Math.min(Number(c.filter.field.value) || 0, bank ? bank.length - 1 : 0));
      var k = kernel2d(this.data, c.kernel.field.value, index);
      var weights = input.length === 1 ? [1] : CHANNEL_WEIGHTS[c.channels.field.value];
      spec.filter = weights.map(function (wc) {
        return k.map(function (row) { return row.map(function (v) { return v * wc; }); });
      });
      spec.padding = c.padding.field.value;
      spec.dilation = Number(c.dilation.field.value);
      spec.filterIndex = index;
    } else {
      spec.size = Number(c.size.field.value);
    }
    return spec;
  };

  Explorer.prototype.update = function (reset) {
    var c = this.controls;
    var mode = c.mode.field.value, conv = mode === "conv";
    var trained = conv && !!this.data.trained[c.kernel.field.value];
    var photo = c.source.field.value === "photo";
    c.kernel.box.hidden = !conv;
    c.filter.box.hidden = !trained;
    if (trained) c.filter.field.max = String(this.data.trained[c.kernel.field.value].length - 1);
    c.channels.box.hidden = !(conv && photo);
    c.padding.box.hidden = !conv;
    c.dilation.box.hidden = !conv;
    c.size.box.hidden = conv;
    this.spec = this.settings();
    this.result = compute(this.spec);
    if (reset) this.stop();
    if (reset || !this.result) this.position = 0;
    this.position = Math.max(0, Math.min(this.position, this.count() - 1));
    this.draw();
  };

  Explorer.prototype.count = function () {
    if (!this.result) return 1;
    var map = this.result.output[0];
    return map.length * map[0].length;
  };

  Explorer.prototype.go = function (position) {
    this.position = Math.max(0, Math.min(position, this.count() - 1));
    this.draw();
  };

  Explorer.prototype.stop = function () {
    if (this.timer) window.clearInterval(this.timer);
    this.timer = null;
    this.buttons.play.textContent = "\u25b6";
    this.buttons.play.setAttribute("aria-label", this.t("play"));
    this.buttons.play.title = this.t("play");
  };

  Explorer.prototype.toggle = function () {
    var self = this;
    if (this.timer) { this.stop(); return; }
    if (this.position >= this.count() - 1) this.position = 0;
    this.buttons.play.textContent = "||";
    this.buttons.play.setAttribute("aria-label", this.t("pause"));
    this.buttons.play.title = this.t("pause");
    this.timer = window.setInterval(function () {
      if (self.position >= self.count() - 1) { self.stop(); return; }
      self.go(self.position + 1);
    }, 150);
  };

  Explorer.prototype.key = function (event) {
    if (!this.result) return;
    var OW = this.result.output[0][0].length, moves = {
      ArrowRight: 1, ArrowLeft: -1, ArrowDown: OW, ArrowUp: -OW,
      Home: -this.position, End: this.count(),
    };
    if (event.key === " " || event.key === "Enter") {
      this.toggle();
    } else if (Object.prototype.hasOwnProperty.call(moves, event.key)) {
      this.stop();
      this.go(this.position + moves[event.key]);
    } else {
      return;
    }
    event.preventDefault();
  };

  /* A tap (or click) on the output map jumps there; on the input, to the
     window whose top-left tap is nearest. */
  Explorer.prototype.tap = function (canvas, event) {
    if (!this.result || !canvas.layout) return;
    // A cell's size on screen: a deck scales its slides (a transform or zoom).
    var box = canvas.getBoundingClientRect(), lay = canvas.layout;
    var col = Math.floor((event.clientX - box.left) / (box.width / lay.cols));
    var row = Math.floor((event.clientY - box.top) / (box.height / lay.rows));
    var map = this.result.output[0], OH = map.length, OW = map[0].length;
    if (canvas === this.inCanvas) {
      var half = (this.result.dilation * (this.result.kh - 1)) / 2;
      row = Math.round((row - half) / this.spec.stride);
      col = Math.round((col - half) / this.spec.stride);
    }
    row = Math.max(0, Math.min(row, OH - 1));
    col = Math.max(0, Math.min(col, OW - 1));
    this.stop();
    this.go(row * OW + col);
    canvas.focus();
  };

  function colours(root) {
    var style = window.getComputedStyle(root);
    function v(name) { return style.getPropertyValue(name).trim(); }
    return {
      dark: document.documentElement.getAttribute("data-theme") === "dark",
      grid: v("--cx-grid"), pad: v("--cx-pad"), window: v("--cx-window"),
      current: v("--cx-current"), empty: v("--cx-empty"),
    };
  }

  function setup(canvas, rows, cols, width, largest) {
    var cell = Math.max(3, Math.min(largest || 16, Math.floor(width / cols)));
    var ratio = window.devicePixelRatio || 1;
    canvas.width = cols * cell * ratio;
    canvas.height = rows * cell * ratio;
    canvas.style.width = cols * cell + "px";
    canvas.style.height = rows * cell + "px";
    canvas.layout = { cell: cell, rows: rows, cols: cols };
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { g: g, cell: cell };
  }

  function shade(values, dark) {
    if (values.length === 3) {
      return "rgb(" + values.map(function (v) {
        return Math.round(255 * Math.max(0, Math.min(1, v)));
      }).join(",") + ")";
    }
    var v = Math.max(0, Math.min(1, values[0]));
    var level = Math.round(255 * (dark ? v : 1 - v));
    return "rgb(" + level + "," + level + "," + level + ")";
  }

  function diverging(value, scale, dark) {
    var a = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
    var base = dark ? 30 : 255;
    var hot = value >= 0 ? [230, 120, 20] : [40, 120, 230];
    return "rgb(" + hot.map(function (h) { return Math.round(base + (h - base) * a); }).join(",") + ")";
  }

  Explorer.prototype.draw = function () {
    var t = this.t, spec = this.spec, result = this.result, col = colours(this.root);
    var x = spec.input, C = x.length, H = x[0].length, W = x[0][0].length;
    // Each map's box: --cx-map in a deck, else half the explorer's width.
    var mapBox = parseFloat(window.getComputedStyle(this.root).getPropertyValue("--cx-map"));
    var width = Math.min(this.root.clientWidth || 320, 760);
    var each = mapBox > 0 ? mapBox : width >= 600 ? Math.floor((width - 24) / 2) : width;
    var pad = result ? result.pad : [0, 0, 0, 0];
    var rows = H + pad[0] + pad[1], cols = W + pad[2] + pad[3];
    var a = setup(this.inCanvas, rows, cols, Math.min(each, 420), mapBox > 0 ? 32 : 16);
    var g = a.g, s = a.cell, r, q, ch;
    g.fillStyle = col.pad;
    g.fillRect(0, 0, cols * s, rows * s);
    for (r = 0; r < H; r++) {
      for (q = 0; q < W; q++) {
        var px = [];
        for (ch = 0; ch < C; ch++) px.push(x[ch][r][q]);
        g.fillStyle = shade(px, col.dark);
        g.fillRect((q + pad[2]) * s, (r + pad[0]) * s, s, s);
      }
    }
    if (!result) {
      this.shape.textContent = t("toosmall");
      this.status.textContent = "";
      this.detail.innerHTML = "";
      var o = setup(this.outCanvas, 1, 1, 16);
      o.g.clearRect(0, 0, 16, 16);
      this.inCanvas.setAttribute("aria-label", t("input") + ": " + t("toosmall"));
      this.outCanvas.setAttribute("aria-label", t("output") + ": " + t("toosmall"));
      return;
    }
    var out = result.output, OH = out[0].length, OW = out[0][0].length;
    var i = Math.floor(this.position / OW), j = this.position % OW;
    var S = spec.stride, D = result.dilation;
    // The window: its span, and each tap.
    g.strokeStyle = col.window;
    g.lineWidth = 1;
    g.strokeRect(j * S * s + 0.5, i * S * s + 0.5,
      (D * (result.kw - 1) + 1) * s - 1, (D * (result.kh - 1) + 1) * s - 1);
    g.lineWidth = 2;
    for (var u = 0; u < result.kh; u++) {
      for (var v = 0; v < result.kw; v++) {
        g.strokeRect((j * S + v * D) * s + 1, (i * S + u * D) * s + 1, s - 2, s - 2);
      }
    }
    // The output map, filled up to the current position.
    // As wide as the input's view where it can be: the maps line up.
    var o2 = setup(this.outCanvas, OH, OW, Math.min(cols * s, each), 32);
    var h = o2.g, so = o2.cell, scale = 0;
    out.forEach(function (map) {
      map.forEach(function (row) { row.forEach(function (value) { scale = Math.max(scale, Math.abs(value)); }); });
    });
    h.fillStyle = col.empty;
    h.fillRect(0, 0, OW * so, OH * so);
    for (r = 0; r < OH; r++) {
      for (q = 0; q < OW; q++) {
        if (r * OW + q > this.position) break;
        var cellValues = out.map(function (map) { return map[r][q]; });
        h.fillStyle = spec.mode === "conv" ? diverging(cellValues[0], scale, col.dark)
          : shade(cellValues, col.dark);
        h.fillRect(q * so, r * so, so, so);
      }
    }
    h.strokeStyle = col.current;
    h.lineWidth = 2;
    h.strokeRect(j * so + 1, i * so + 1, so - 2, so - 2);

    this.shape.textContent = format(t("shape"), {
      ci: C, hi: H, wi: W, co: out.length, ho: OH, wo: OW,
    }) + (spec.mode === "conv" ? " \u00b7 " + format(t("padinfo"), {
      t: pad[0], b: pad[1], l: pad[2], r: pad[3],
    }) : "");
    this.detail.innerHTML = "";
    var value;
    if (spec.mode === "conv") {
      var sums = [], self = this;
      spec.filter.forEach(function (w, c) {
        var terms = windowTerms(x[c], w, i, j, S, D, pad);
        sums.push(terms.sum);
        self.detail.appendChild(grid(terms.terms, result.kw, function (term) {
          return num(term.product);
        }, function (term) {
          return num(term.x) + " \u00d7 " + num(term.w);
        }, C > 1 ? t("channel") + " " + "RGB"[c] : t("products"), "\u03a3 = " + num(terms.sum)));
      });
      value = out[0][i][j];
      this.status.textContent = format(t("position"), { i: i, j: j }) + ": " +
        (C > 1 ? sums.map(num).join(" + ") + " = " : "\u03a3 = ") + num(value);
    } else {
      var k = spec.size, parts = [], terms2;
      for (var c2 = 0; c2 < C; c2++) {
        terms2 = [];
        for (var u2 = 0; u2 < k; u2++) {
          for (var v2 = 0; v2 < k; v2++) terms2.push({ x: x[c2][i * S + u2][j * S + v2] });
        }
        var result2 = out[c2][i][j];
        parts.push(num(result2));
        this.detail.appendChild(grid(terms2, k, function (term) { return num(term.x); }, null,
          C > 1 ? t("channel") + " " + "RGB"[c2] : t("window"),
          t(spec.mode === "max" ? "maxis" : "meanis") + " = " + num(result2)));
      }
      value = out[0][i][j];
      this.status.textContent = format(t("position"), { i: i, j: j }) + ": " +
        t(spec.mode === "max" ? "maxis" : "meanis") + " = " + parts.join(", ");
    }
    this.inCanvas.setAttribute("aria-label", t("input") + " " + C + "\u00d7" + H + "\u00d7" + W);
    this.outCanvas.setAttribute("aria-label", t("output") + ". " + this.status.textContent);
    this.root.setAttribute("data-position", String(this.position));
  };

  function grid(terms, cols, text, title, caption, total) {
    var table = el("table", { "class": "cx-grid" });
    table.appendChild(el("caption", { text: caption }));
    var body = el("tbody"), row = null;
    terms.forEach(function (term, n) {
      if (n % cols === 0) { row = el("tr"); body.appendChild(row); }
      var attrs = { text: text(term) };
      if (title) attrs.title = title(term);
      if (term.zero) attrs["class"] = "cx-zero";
      row.appendChild(el("td", attrs));
    });
    table.appendChild(body);
    var wrap = el("div", { "class": "cx-block" }, [table]);
    wrap.appendChild(el("div", { "class": "cx-total", text: total }));
    return wrap;
  }

  var api = { compute: compute, samePadding: samePadding, inputArray: inputArray,
    explorers: [] };
  /* The state of explorer n: what it computes and where its window is. */
  api.state = function (n) {
    var e = api.explorers[n || 0];
    return { spec: e.spec, result: e.result, position: e.position, count: e.count() };
  };
  window.convExplorer = api;

  function start() {
    var data = window.CONV_EXPLORER_DATA;
    if (!data) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-conv-explorer]"), function (root) {
      if (!root.classList.contains("cx")) api.explorers.push(new Explorer(root, data));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
