// After a failed submit the list of problems is what to read first: bring it to the
// top of the screen and give it focus, so a phone user and a screen reader land on it
// (the summary's links then lead to each field).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.scrollIntoView({ block: "start" });
  summary.focus({ preventScroll: true });
});
