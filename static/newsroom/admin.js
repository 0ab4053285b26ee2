// The admin's small helpers: copy a preview link, count the characters (字数) of a story's body.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  event.preventDefault();
  var text = button.getAttribute("data-copy");
  var done = function () { button.textContent = "已复制"; };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var field = document.createElement("textarea");
    field.value = text;
    document.body.appendChild(field);
    field.select();
    document.execCommand("copy");
    field.remove();
    done();
  }
});

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-char-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-char-count-for"));
    if (!field) return;
    var output = counter.querySelector("output");
    var update = function () { output.textContent = field.value.replace(/\s/g, "").length; };
    field.addEventListener("input", update);
    update();
  });
});
