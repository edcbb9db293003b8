// The document list: a "select all" box, the count of selected documents, and the bulk
// buttons enabled only while something is selected. Without it the form still posts.
(function () {
  "use strict";
  var form = document.getElementById("bulk");
  if (!form) { return; }
  var all = form.querySelector("input.select-all");
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="document_id"]'));
  var count = form.querySelector(".selected-count");
  var buttons = Array.prototype.slice.call(form.querySelectorAll(".bulk-bar button"));
  var limit = parseInt(count.getAttribute("data-max"), 10) || 500;

  function update() {
    var chosen = boxes.filter(function (box) { return box.checked; }).length;
    count.textContent = chosen === 0
      ? "Chưa chọn tài liệu nào."
      : "Đã chọn " + chosen + " tài liệu" + (chosen > limit ? " (quá " + limit + ")." : ".");
    buttons.forEach(function (button) { button.disabled = chosen === 0 || chosen > limit; });
    all.checked = chosen > 0 && chosen === boxes.length;
    all.indeterminate = chosen > 0 && chosen < boxes.length;
  }

  all.hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
