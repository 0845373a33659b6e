// Searchable pickers: every <select data-lookup="…/lookup/"> becomes a Tom Select that asks
// the endpoint as the user types (names, pinyin, initials; the server matches and scopes).
// The page wrote only the chosen option, so a choice among thousands costs nothing to render.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function picker(select) {
    var url = select.dataset.lookup;
    // The server's answer to each query, in its order: what the list shows for that query
    // (Tom Select keeps every option it has loaded, and would filter them itself).
    var answers = {};
    return new TomSelect(select, {
      valueField: "id",
      labelField: "label",
      searchField: [],          // the server matches (pinyin, initials); show what it sends
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 200,
      // Nothing chosen shows the hint; a choice is taken back with the × (or Backspace).
      allowEmptyOption: false,
      plugins: { clear_button: { title: select.dataset.clear || "" } },
      placeholder: select.dataset.placeholder || "",
      score: function (search) {
        var ranks = answers[search.trim()];
        return function (item) {
          var rank = ranks ? ranks[String(item.id)] : undefined;
          return rank === undefined ? 0 : 1 / (1 + rank);
        };
      },
      load: function (query, callback) {
        var key = query.trim();
        var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(key);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (rows) {
            rows = Array.isArray(rows) ? rows : [];
            var ranks = {};
            rows.forEach(function (row, index) { ranks[String(row.id)] = index; });
            answers[key] = ranks;
            callback(rows);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (row) {
          var detail = row.detail ? '<small class="text-muted ms-2">' + escapeText(row.detail) + "</small>" : "";
          return "<div>" + escapeText(row.label) + detail + "</div>";
        },
        item: function (row) {
          return "<div>" + escapeText(row.label) + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">' + escapeText(select.dataset.empty || "") + "</div>";
        }
      }
    });
  }

  document.querySelectorAll("select[data-lookup]").forEach(picker);
})();
