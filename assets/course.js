/* The course site's small behaviours, on every page (_ext/course_site.py adds it).

   - every figure in the text links to its image, so that a phone reader can
     open it full size and zoom;
   - a tap anywhere on a solution's header opens or closes it (its
     "Exercise N" link used to take the tap and jump away);
   - search snippets show formulas as text, not as raw TeX (\(I\));
   - opened from disk (file://) the browser may not read the other pages, so
     search lists the pages and says that snippets need a server;
   - the toggle buttons of sphinx-togglebutton get their accessible name in
     the page's language (its script writes "Toggle hidden content").

   Its own words go through word(): in English as they are, in another
   edition from the dictionary `courseWords` that the build puts before this
   script (coursetools.edition.add_script_words, from the "course" catalogue
   locales/theme/ko/LC_MESSAGES/course.po).
*/
(function () {
  "use strict";

  var fromDisk = window.location.protocol === "file:";

  /* A word of this script in the page's language (one string literal each:
     the build reads them from this file). */
  function word(text) {
    var words = typeof courseWords === "undefined" ? {} : courseWords;
    return Object.prototype.hasOwnProperty.call(words, text) ? words[text] : text;
  }
  if (fromDisk && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  var TEX_SYMBOLS = {
    times: "×", cdot: "·", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠",
    neq: "≠", approx: "≈", to: "→", rightarrow: "→", in: "∈", sum: "Σ",
    prod: "Π", infty: "∞", pm: "±", partial: "∂", nabla: "∇", sigma: "σ",
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", eta: "η", theta: "θ",
    lambda: "λ", mu: "μ", epsilon: "ε", lfloor: "⌊", rfloor: "⌋",
    ldots: "…", dots: "…", cdots: "⋯", quad: " ", qquad: " ",
  };

  /* TeX source -> readable plain text (for search snippets only). */
  function texToText(tex) {
    return tex
      .replace(/\\(begin|end)\{[^}]*\}/g, " ")
      .replace(/\\\\/g, " ")
      .replace(/&/g, " ")
      .replace(/\\_/g, "_")
      .replace(/\\([a-zA-Z]+)\s*/g, function (match, name) {
        return Object.prototype.hasOwnProperty.call(TEX_SYMBOLS, name)
          ? TEX_SYMBOLS[name] + " "
          : "";
      })
      .replace(/\\[,;:! ]/g, " ")
      .replace(/[{}]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  }

  function cleanMathInHtml(html) {
    return html
      .replace(/\\\(([\s\S]*?)\\\)/g, function (m, tex) { return texToText(tex); })
      .replace(/\\\[([\s\S]*?)\\\]/g, function (m, tex) { return texToText(tex); })
      .replace(/\$\$([\s\S]*?)\$\$/g, function (m, tex) { return texToText(tex); });
  }

  function patchSearch() {
    if (typeof Search === "undefined" || !Search.htmlToText) return;
    var htmlToText = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      return htmlToText(cleanMathInHtml(htmlString), anchor);
    };
    if (fromDisk) {
      var results = document.getElementById("search-results");
      if (results) {
        var note = document.createElement("p");
        note.className = "course-search-note";
        note.textContent = word(
          "This copy of the site is opened from disk, so search lists the matching pages without a snippet of their text. To see snippets, serve the site: python -m http.server -d _build/html, then open http://localhost:8000/search.html."
        );
        results.parentNode.insertBefore(note, results);
      }
    }
  }

  function linkFigures() {
    var images = document.querySelectorAll(".bd-article img");
    images.forEach(function (img) {
      var src = img.getAttribute("src");
      if (!src || src.indexOf("data:") === 0 || img.closest("a")) return;
      var link = document.createElement("a");
      link.href = src;
      link.className = "course-image-link";
      link.title = word("Open the image full size");
      img.parentNode.insertBefore(link, img);
      link.appendChild(img);
    });
  }

  function solutionHeaders() {
    // sphinx-togglebutton toggles on a click on the title itself (the
    // event's target must be the title, its button or its chevron): the
    // "Exercise N" link inside it took the tap and jumped away. Its text
    // stays, as plain text of the title.
    document
      .querySelectorAll(".solution > .admonition-title > :not(.toggle-button)")
      .forEach(function (child) {
        child.replaceWith(document.createTextNode(child.textContent));
      });
  }

  function toggleLabels() {
    // sphinx-togglebutton (0.4.5) writes aria-label="Toggle hidden content"
    // into each button in its script, with no setting for it; its visible
    // hints come from the build (togglebutton_hint, translated). It runs
    // first (its script comes before this one).
    var label = word("Toggle hidden content");
    document.querySelectorAll("button.toggle-button").forEach(function (button) {
      button.setAttribute("aria-label", label);
    });
  }

  function ready() {
    patchSearch();
    linkFigures();
    solutionHeaders();
    toggleLabels();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
