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
    // The server's answer to each query, in its order: what the list shows for that query
    // (Tom Select keeps every option it has loaded, and would filter them itself).
    var answers = {};
    return new TomSelect(select, {
      valueField: "id",
      labelField: "label",
      searchField: [],          // the server matches (pinyin, initials); show what it sends
      maxOptions: 20,
      maxItems: select.multiple ? null : 1,
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
        // Read at each query: a cascade narrows the address as its upper levels are chosen.
        var url = select.dataset.lookup;
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
          // A choice whose line matters once chosen (a changed proposal's score) keeps it.
          var detail = select.dataset.itemDetail && row.detail
            ? '<small class="d-block text-muted">' + escapeText(row.detail) + "</small>" : "";
          return "<div>" + escapeText(row.label) + detail + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">' + escapeText(select.dataset.empty || "") + "</div>";
        }
      }
    });
  }

  function narrowed(base, params) {
    return base + (base.indexOf("?") < 0 ? "?" : "&") + params;
  }

  // 省 › 市 › 县: the province and city boxes narrow the last one, which holds the value (the
  // deepest region chosen); a county typed straight into the last box is found anywhere.
  function cascade(main) {
    var wrap = main.closest(".region-cascade");
    var base = main.dataset.lookup;
    var steps = wrap.querySelectorAll("select[data-cascade-level]");
    var province = steps[0], city = steps[1];
    province.dataset.lookup = narrowed(base, "level=province");
    city.dataset.lookup = narrowed(base, "level=city");
    ["empty", "clear"].forEach(function (key) {
      province.dataset[key] = city.dataset[key] = main.dataset[key];
    });
    var provincePicker = picker(province), cityPicker = picker(city), mainPicker = picker(main);

    function choose(tom, id) {
      var option = id && tom.options[id];
      mainPicker.clearOptions();
      if (option) {
        mainPicker.addOption({ id: option.id, label: option.label, detail: option.detail });
        mainPicker.setValue(String(option.id), true);
      } else {
        mainPicker.clear(true);
      }
    }
    function narrow() {
      var upper = city.value || province.value;
      main.dataset.lookup = upper ? narrowed(base, "within=" + upper) : base;
    }
    provincePicker.on("change", function (id) {
      cityPicker.clear(true);
      cityPicker.clearOptions();
      city.dataset.lookup = id ? narrowed(base, "parent=" + id) : narrowed(base, "level=city");
      choose(provincePicker, id);
      narrow();
    });
    cityPicker.on("change", function (id) {
      choose(id ? cityPicker : provincePicker, id || province.value);
      narrow();
    });
    if (city.value) { city.dataset.lookup = narrowed(base, "parent=" + province.value); }
    narrow();
  }

  document.querySelectorAll("select[data-lookup]").forEach(function (select) {
    if (select.dataset.cascade) {
      cascade(select);
    } else if (!select.closest(".region-cascade")) {
      picker(select);
    }
  });
})();
