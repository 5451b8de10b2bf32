// "Print" buttons open the browser's print dialog. Without JavaScript they stay
// hidden and the page is printed from the browser's own menu (Ctrl+P).
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
