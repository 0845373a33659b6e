// Tables on phones: at 576 px and below a table's rows become cards (static/css/app.css) and
// its header row is hidden, so each cell carries its column's name (data-label), shown
// before the value. Copied from the header once the page is read: every table, one place.
(function () {
  "use strict";
  document.querySelectorAll("table.grid").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/[▲▼]/g, "").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headers[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headers[index]);
        }
      });
    });
  });
})();
