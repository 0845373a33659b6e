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

// A cadre's gender and birth date as the ID number states them, filled as it is typed (the
// server fills them the same way when left blank, and refuses a mismatch).
document.querySelectorAll("input[data-id-number]").forEach((input) => {
  const form = input.form;
  const gender = form && form.querySelector("[name=gender]");
  const birth = form && form.querySelector("[name=birth_date]");
  input.addEventListener("input", () => {
    const number = input.value.replace(/\s/g, "").toUpperCase();
    const match = /^\d{6}(\d{4})(\d{2})(\d{2})\d{2}(\d)[\dX]$/.exec(number);
    if (!match) return;
    const [, year, month, day, sequence] = match;
    const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day)) return;
    if (birth) birth.value = `${year}-${month}-${day}`;
    if (gender) gender.value = Number(sequence) % 2 ? "male" : "female";
  });
});
