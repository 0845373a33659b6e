// A submitted form says it is working and cannot be sent twice (matching, steps, the diary).
document.addEventListener("submit", (event) => {
  const button = event.submitter || event.target.querySelector("[data-busy]");
  if (!button || !button.dataset.busy) return;
  // Disabled after the event so the browser still sends the form.
  setTimeout(() => {
    button.disabled = true;
    button.textContent = button.dataset.busy;
  }, 0);
});
