// A report's page while it builds: ask the API for its status every two seconds and reload
// the page once it is done or failed (the page then shows the download or the reason).
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (!box) return;
  var url = box.dataset.statusUrl;
  var finished = ["done", "failed"];
  if (finished.indexOf(box.dataset.status) !== -1) return;
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (report) {
        if (report && finished.indexOf(report.status) !== -1) {
          window.location.reload();
          return;
        }
        if (report) {
          var badge = box.querySelector("[data-role=status]");
          if (badge && report.status_display) badge.textContent = report.status_display;
        }
        // Slow down after a minute: a report waiting for a busy worker need not be asked
        // about every two seconds.
        window.setTimeout(poll, tries < 30 ? 2000 : 10000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 1500);
})();
