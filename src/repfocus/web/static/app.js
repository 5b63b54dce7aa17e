/* RepFocus front end: draws the charts from <script type="application/json"> blocks and opens the phone
   menu. Nothing here runs inline, so the pages work under a Content-Security-Policy of script-src 'self'. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function bucketColor(key) {
    return cssVar("--b-" + key, "#94a3b8");
  }

  function pct(x) {
    return x === null || x === undefined ? "—" : Math.round(x * 100) + "%";
  }

  function setupMenu() {
    var button = document.querySelector(".menu-toggle");
    var nav = document.getElementById("nav");
    if (!button || !nav) return;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", String(open));
    });
  }

  function chartDefaults() {
    Chart.defaults.font.family = cssVar("--font", "system-ui, sans-serif");
    Chart.defaults.color = cssVar("--muted", "#5d6877");
    Chart.defaults.animation = false;
    Chart.defaults.plugins.legend.labels.boxWidth = 12;
    Chart.defaults.plugins.legend.labels.sort = function (a, b) { return a.datasetIndex - b.datasetIndex; };
  }

  /* Dashboard: one stacked horizontal bar per rep, a target tick per rep from a second (point) dataset. */
  function allocationChart() {
    var data = readJSON("allocation-data");
    var canvas = document.getElementById("allocation-chart");
    if (!data || !canvas) return;
    var share = data.view !== "hours";
    canvas.parentElement.style.height = Math.max(180, data.labels.length * 30 + 110) + "px";
    var datasets = data.buckets.map(function (b) {
      return {
        type: "bar",
        label: b.label,
        data: share ? b.share : b.hours,
        backgroundColor: bucketColor(b.key),
        stack: "time",
        barPercentage: 0.85,
        categoryPercentage: 0.85,
        hours: b.hours,
        share: b.share,
      };
    });
    var target = cssVar("--target", "#101828");
    datasets.push({
      type: "line",
      label: "Selling target",
      data: share ? data.target : data.targetHours,
      stack: "target",
      showLine: false,
      pointStyle: "line",
      rotation: 90,
      pointRadius: 12,
      pointHoverRadius: 14,
      pointBorderWidth: 3,
      pointHoverBorderWidth: 3,
      borderColor: target,
      backgroundColor: target,
      order: -1,
    });
    new Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", axis: "y", intersect: false },
        scales: {
          x: {
            stacked: true,
            min: 0,
            max: share ? 1 : undefined,
            ticks: { callback: function (v) { return share ? pct(v) : v + " h"; } },
          },
          y: { stacked: true, grid: { display: false } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var ds = ctx.dataset;
                if (ds.type === "line") return "Selling target: " + pct(data.target[ctx.dataIndex]);
                return ds.label + ": " + ds.hours[ctx.dataIndex] + " h (" + pct(ds.share[ctx.dataIndex]) + ")";
              },
            },
          },
        },
        onClick: function (_event, elements) {
          if (elements.length) window.location.href = data.links[elements[0].index];
        },
      },
    });
  }

  /* Rep page: weekly hours per bucket (bars), selling share (line, right axis), target (dashed line). */
  function trendChart() {
    var data = readJSON("trend-data");
    var canvas = document.getElementById("trend-chart");
    if (!data || !canvas) return;
    var selected = data.weeks.indexOf(data.selected);
    var datasets = data.buckets.map(function (b) {
      return {
        type: "bar",
        label: b.label,
        data: b.hours,
        backgroundColor: bucketColor(b.key),
        stack: "time",
        yAxisID: "y",
        order: 2,
      };
    });
    var ink = cssVar("--target", "#101828");
    datasets.push({
      type: "line",
      label: "Selling share",
      data: data.sellingShare,
      yAxisID: "share",
      borderColor: ink,
      backgroundColor: ink,
      borderWidth: 2,
      pointRadius: 3,
      tension: 0.25,
      spanGaps: true,
      order: 0,
    });
    if (data.target !== null) {
      datasets.push({
        type: "line",
        label: "Selling target",
        data: data.labels.map(function () { return data.target; }),
        yAxisID: "share",
        borderColor: cssVar("--under", "#b42318"),
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
        order: 1,
      });
    }
    new Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            stacked: true,
            grid: { display: false },
            ticks: {
              color: function (ctx) { return ctx.index === selected ? ink : cssVar("--muted", "#5d6877"); },
              font: function (ctx) { return { weight: ctx.index === selected ? "bold" : "normal" }; },
            },
          },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: "hours" } },
          share: {
            position: "right",
            min: 0,
            max: 1,
            grid: { drawOnChartArea: false },
            ticks: { callback: function (v) { return pct(v); } },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                if (ctx.dataset.yAxisID === "share") return ctx.dataset.label + ": " + pct(ctx.parsed.y);
                return ctx.dataset.label + ": " + ctx.parsed.y + " h";
              },
            },
          },
        },
        onClick: function (_event, elements) {
          if (!elements.length) return;
          var url = new URL(window.location.href);
          url.searchParams.set("week", data.weeks[elements[0].index]);
          url.hash = "week";
          window.location.href = url.toString();
        },
      },
    });
  }

  function start() {
    setupMenu();
    if (window.Chart) {
      chartDefaults();
      allocationChart();
      trendChart();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
