/* RepFocus measurement sections: draws the charts of /measures/team and /measures/reps/{id} from their
   <script type="application/json"> blocks, on page load and whenever HTMX swaps a section in.
   Nothing runs inline, so the pages work under a Content-Security-Policy of script-src 'self'. */
(function () {
  "use strict";

  var charts = {};

  function readJSON(root, id) {
    var el = root.querySelector("#" + id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function pct(x) {
    return x === null || x === undefined ? "—" : Math.round(x * 100) + "%";
  }

  function label(code) {
    return String(code).replace(/_/g, " ").replace(/^./, function (c) { return c.toUpperCase(); });
  }

  function draw(root, id, config) {
    var canvas = root.querySelector("#" + id);
    if (!canvas || typeof Chart === "undefined") return;
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart(canvas, config);
  }

  function shareAxis() {
    return { min: 0, max: 1, ticks: { callback: function (v) { return pct(v); } } };
  }

  function onTarget(root) {
    var data = readJSON(root, "ontarget-data");
    if (!data) return;
    var box = root.querySelector(".chart-rows[data-rows]");
    if (box) box.style.height = Math.max(180, Number(box.dataset.rows) * 26 + 90) + "px";
    draw(root, "ontarget-chart", {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: "On-target share", data: data.share, backgroundColor: cssVar("--b-selling", "#1a9a5b") },
          { type: "line", label: "Team median", data: data.median, showLine: false, pointStyle: "line",
            pointRadius: 10, pointBorderWidth: 3, borderColor: "#1f2937" },
          { type: "line", label: "Target", data: data.target, showLine: false, pointStyle: "crossRot",
            pointRadius: 6, borderColor: "#b42318" }
        ]
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, responsive: true,
        scales: { x: shareAxis() },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.raw); } } } }
      }
    });
  }

  function funnel(root) {
    var data = readJSON(root, "funnel-data");
    if (!data) return;
    draw(root, "funnel-chart", {
      type: "bar",
      data: { labels: data.stages.map(label), datasets: [{ label: "Count", data: data.totals, backgroundColor: cssVar("--b-servicing", "#3b73d9") }] },
      options: { maintainAspectRatio: false, responsive: true, plugins: { legend: { display: false } } }
    });
  }

  function trend(root) {
    var data = readJSON(root, "scorecard-trend-data");
    if (!data) return;
    var datasets = [
      { label: "Selling share", data: data.selling, borderColor: cssVar("--b-selling", "#1a9a5b"), spanGaps: true },
      { label: "On-target share of selling", data: data.onTarget, borderColor: "#8b5cf6", spanGaps: true }
    ];
    if (data.target !== null) {
      datasets.push({ label: "Selling target", data: data.labels.map(function () { return data.target; }),
        borderColor: "#1f2937", borderDash: [6, 4], pointRadius: 0 });
    }
    draw(root, "scorecard-trend-chart", {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false, responsive: true, scales: { y: shareAxis() },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.raw); } } } }
      }
    });
  }

  function personas(root) {
    var data = readJSON(root, "persona-data");
    if (!data) return;
    var colors = data.labels.map(function (p) {
      if (data.target.indexOf(p) >= 0) return cssVar("--b-selling", "#1a9a5b");
      if (data.avoid.indexOf(p) >= 0) return "#b42318";
      return "#94a3b8";
    });
    draw(root, "persona-chart", {
      type: "bar",
      data: { labels: data.labels.map(label), datasets: [{ label: "Selling touches", data: data.touches, backgroundColor: colors }] },
      options: { indexAxis: "y", maintainAspectRatio: false, responsive: true, plugins: { legend: { display: false } } }
    });
  }

  function render(root) {
    onTarget(root);
    funnel(root);
    trend(root);
    personas(root);
  }

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function () { render(document); });
})();
