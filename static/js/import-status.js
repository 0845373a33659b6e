// An import's page while its rows are gone through on the workers: ask the API every two
// seconds, show how many rows are done, and reload once the dry run or the apply is over.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) return;
  var running = ["pending", "validating", "applying"];
  if (running.indexOf(box.dataset.status) === -1) return;
  var bar = box.querySelector("[data-role=bar]");
  var text = box.querySelector("[data-role=progress]");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job && running.indexOf(job.status) === -1) {
          window.location.reload();
          return;
        }
        if (job && job.progress && job.progress.total) {
          var percent = Math.round(100 * job.progress.done / job.progress.total);
          if (bar) bar.style.width = percent + "%";
          if (text) text.textContent = box.dataset.doneLabel + " " + job.progress.done + " / " + job.progress.total;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 1000);
})();
