// Searchable tables and charts, for the pages of `communique report`. No request leaves
// the page: chart specifications are inline and Vega comes from assets/vega.js.
"use strict";

document.querySelectorAll("input.filter").forEach((input) => {
  const table = document.getElementById(input.dataset.table);
  const rows = Array.from(table.tBodies[0].rows);
  const count = document.querySelector(`[data-count-for="${input.dataset.table}"]`);
  const update = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach((row) => {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((word) => text.includes(word));
      shown += row.hidden ? 0 : 1;
    });
    count.textContent = `${shown} of ${rows.length} rows`;
  };
  input.addEventListener("input", update);
});

window.reportCharts = {};
document.querySelectorAll("div.chart").forEach((element) => {
  if (typeof vegaEmbed !== "function") return;
  const spec = JSON.parse(document.getElementById(`${element.id}-spec`).textContent);
  window.reportCharts[element.id] = vegaEmbed(element, spec, { actions: false, renderer: "svg" })
    .then((result) => {
      element.dataset.rendered = "true";
      return result.view;
    });
});
