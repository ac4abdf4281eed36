// mall.js: progressive enhancement only. Every page works without it; this
// file adds small conveniences to markup that already works on its own.
//
//   <form data-confirm="Delete this product?">  asks before submitting
//   <button data-confirm="...">                 asks before that button submits
//   <select data-autosubmit>                     submits its form on change
//                                                (keep the form's submit button
//                                                for visitors without JS)
//   <input type="file" data-preview="ID">        shows chosen images in #ID
//   <input data-count-for="ID">                  live character count into #ID
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Ask before destructive submits. The message comes from the page (already
  // translated); the browser's own dialog is accessible and needs no styling.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // Submit a select's form as soon as the choice changes (language pickers,
  // sort orders, status filters).
  function autosubmit(select) {
    var form = select.form;
    if (!form) return;
    select.addEventListener("change", function () {
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  }

  // Preview the images chosen in a file input before upload.
  function preview(input) {
    var target = document.getElementById(input.getAttribute("data-preview"));
    if (!target || !window.URL || !URL.createObjectURL) return;
    var urls = [];
    input.addEventListener("change", function () {
      urls.forEach(function (u) { URL.revokeObjectURL(u); });
      urls = [];
      target.textContent = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        if (!/^image\//.test(file.type)) return;
        var url = URL.createObjectURL(file);
        urls.push(url);
        var img = document.createElement("img");
        img.src = url;
        img.alt = file.name;
        img.className = "upload-preview-image";
        target.appendChild(img);
      });
    });
  }

  // Show how many characters are left in a field with a maxlength.
  function counter(field) {
    var out = document.getElementById(field.getAttribute("data-count-for"));
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!out || !max) return;
    function update() { out.textContent = String(max - field.value.length); }
    field.addEventListener("input", update);
    update();
  }

  // Swap the main product image when a thumbnail link is chosen; without
  // JS the thumbnail links open the full image.
  function gallery(root) {
    var main = root.querySelector(".gallery-main img");
    if (!main) return;
    root.addEventListener("click", function (event) {
      var link = event.target.closest(".gallery-thumbs a");
      if (!link || !root.contains(link)) return;
      event.preventDefault();
      main.src = link.getAttribute("href");
      var thumb = link.querySelector("img");
      if (thumb) main.alt = thumb.alt;
      root.querySelectorAll(".gallery-thumbs a").forEach(function (a) {
        a.removeAttribute("aria-current");
      });
      link.setAttribute("aria-current", "true");
    });
  }

  function init() {
    document.querySelectorAll("select[data-autosubmit]").forEach(autosubmit);
    document.querySelectorAll("input[type=file][data-preview]").forEach(preview);
    document.querySelectorAll("[data-count-for]").forEach(counter);
    document.querySelectorAll(".gallery").forEach(gallery);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
