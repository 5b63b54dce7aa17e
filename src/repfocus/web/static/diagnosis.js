// Diagnosis pages: sortable grid and evidence charts. Data comes from data-* attributes (no inline scripts).
(function () {
  "use strict";

  function sortBy(table, index, numeric) {
    const body = table.tBodies[0];
    const th = table.tHead.rows[0].cells[index];
    const descending = th.getAttribute("aria-sort") !== "descending";
    for (const cell of table.tHead.rows[0].cells) cell.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = a.cells[index].dataset.value || "";
      const y = b.cells[index].dataset.value || "";
      const cmp = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return descending ? -cmp : cmp;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function initSorting() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      Array.from(table.tHead.rows[0].cells).forEach(function (th, index) {
        if (!th.dataset.sort) return;
        th.tabIndex = 0;
        const run = function () { sortBy(table, index, th.dataset.sort === "number"); };
        th.addEventListener("click", run);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") run(); });
      });
    });
  }

  function initCharts() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas.signal-chart").forEach(function (canvas) {
      const d = JSON.parse(canvas.dataset.chart);
      const labels = [], values = [], colors = [];
      [["This rep", d.rep, "#c0392b"], ["Team median", d.median, "#7f8c8d"],
       ["Target", d.target, "#2c7a2c"], ["Benchmark", d.benchmark, "#2c5aa0"]].forEach(function (p) {
        if (p[1] === null || p[1] === undefined) return;
        labels.push(p[0]); values.push(p[1]); colors.push(p[2]);
      });
      new Chart(canvas, {
        type: "bar",
        data: { labels: labels, datasets: [{ label: d.label + " (" + d.unit + ")", data: values, backgroundColor: colors }] },
        options: { indexAxis: "y", animation: false, plugins: { legend: { display: false } },
                   scales: { x: { beginAtZero: true, title: { display: true, text: d.unit } } } }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initSorting(); initCharts(); });
})();
