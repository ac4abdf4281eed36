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
//   <form data-picker="ID">                      a product's variant picker: the
//                                                page follows the chips (price,
//                                                stock, SKU, image) from the
//                                                JSON in <script id="ID">
//   <button data-add-rows>                       adds variant rows in place
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
  // JS the thumbnail links open the full image. The link carries the
  // image's responsive sources, so the main image shows the chosen one at
  // the width the screen needs, not the first image's srcset.
  function gallery(root) {
    root.addEventListener("click", function (event) {
      var link = event.target.closest(".gallery-thumbs a");
      if (!link || !root.contains(link)) return;
      event.preventDefault();
      showImage(root, link);
    });
  }

  // showImage makes the image of a thumbnail link the main one.
  function showImage(root, link) {
    if (!link) return;
    setMain(root, {
      id: link.getAttribute("data-image-id"),
      src: link.getAttribute("href"),
      srcset: link.getAttribute("data-srcset"),
      sizes: link.getAttribute("data-sizes"),
      alt: link.getAttribute("data-alt")
    });
  }

  // setMain shows img ({id, src, srcset, sizes, alt}) as the gallery's main
  // image and marks its thumbnail.
  function setMain(root, img) {
    var main = root.querySelector(".gallery-main img");
    if (!main || !img || !img.src) return;
    if (img.srcset) {
      // sizes before srcset, and srcset before src, so the browser picks
      // from the new set once, not the old one first.
      main.setAttribute("sizes", img.sizes || "100vw");
      main.setAttribute("srcset", img.srcset);
    } else {
      main.removeAttribute("srcset");
      main.removeAttribute("sizes");
    }
    if (main.getAttribute("src") !== img.src) main.src = img.src;
    main.alt = img.alt || "";
    main.setAttribute("data-image-id", String(img.id || ""));
    root.querySelectorAll(".gallery-thumbs a").forEach(function (a) {
      if (String(a.getAttribute("data-image-id")) === String(img.id)) {
        a.setAttribute("aria-current", "true");
      } else {
        a.removeAttribute("aria-current");
      }
    });
  }

  // The variant picker on a product page. The chips are radio buttons in
  // the add-to-cart form, so the choice is posted either way; this makes
  // price, stock, SKU and the chips' marks follow the choice at
  // once, and keeps "Add to cart" off for a combination that does not
  // exist or is sold out.
  function picker(form) {
    var source = document.getElementById(form.getAttribute("data-picker"));
    if (!source) return;
    var data;
    try { data = JSON.parse(source.textContent); } catch (e) { return; }
    var page = form.closest(".product-page") || document;
    var shown = page.querySelector("[data-picker-variant]");
    var price = shown && shown.querySelector("[data-testid=price]");
    var stock = shown && shown.querySelector("[data-testid=stock]");
    var skuLine = page.querySelector("[data-picker-sku-line]");
    var sku = page.querySelector("[data-testid=product-sku]");
    var status = form.querySelector("[data-picker-status]");
    var submit = form.querySelector("[data-testid=add-to-cart-submit]");
    var qty = form.querySelector("input[name=quantity]");
    var show = form.querySelector("[data-picker-show]");
    var fields = ["option1", "option2", "option3"];
    var gallery = page.querySelector(".gallery");
    var images = data.images || [];
    // The page follows each change, so the no-JavaScript button that asks
    // the server for the chosen option's page has nothing to do.
    if (show) show.remove();

    function chosen() {
      return fields.map(function (name) {
        var checked = form.querySelector("input[type=radio][name=" + name + "]:checked");
        return checked ? checked.value : "";
      });
    }

    function variantFor(options) {
      for (var i = 0; i < data.variants.length; i++) {
        var v = data.variants[i];
        if (v.options[0] === options[0] && v.options[1] === options[1] && v.options[2] === options[2]) {
          return v;
        }
      }
      return null;
    }

    function setPrice(v) {
      if (!price) return;
      price.textContent = "";
      if (!v.compare) {
        price.textContent = v.price;
        return;
      }
      var sale = document.createElement("span");
      sale.className = "price-sale";
      sale.textContent = v.price;
      var was = document.createElement("s");
      was.className = "price-compare";
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = data.text.was;
      was.appendChild(label);
      was.appendChild(document.createTextNode(" " + v.compare));
      price.appendChild(sale);
      price.appendChild(document.createTextNode(" "));
      price.appendChild(was);
    }

    function markChips(options) {
      form.querySelectorAll("input[type=radio]").forEach(function (input) {
        var j = fields.indexOf(input.name);
        if (j < 0) return;
        var combo = options.slice();
        combo[j] = input.value;
        var v = variantFor(combo);
        var label = input.closest(".chip");
        if (!label) return;
        label.classList.toggle("chip-missing", !v);
        label.classList.toggle("chip-sold-out", !!v && v.state === "out");
        var mark = label.querySelector("[data-chip-mark]");
        if (mark) mark.textContent = !v ? data.text.missing : (v.state === "out" ? data.text.soldOut : "");
      });
    }

    function update(remember) {
      var options = chosen();
      var v = variantFor(options);
      markChips(options);
      if (shown) shown.hidden = !v;
      if (v) {
        setPrice(v);
        if (stock) {
          stock.textContent = v.stock;
          stock.className = "stock" + (v.state === "out" ? " stock-out" : v.state === "low" ? " stock-low" : "");
        }
        if (sku) sku.textContent = v.sku;
        if (skuLine) skuLine.hidden = !v.sku;
        if (qty) qty.max = String(v.max);
        if (remember) showVariantImage(v);
      }
      var message = !v ? data.text.choiceMissing : (v.state === "out" ? data.text.choiceSoldOut : "");
      if (status && status.textContent !== message) status.textContent = message;
      if (submit) submit.disabled = message !== "";
      // Keep the choice in the address, so a reload or a shared link
      // shows the same option.
      if (remember && window.history && history.replaceState) {
        var params = new URLSearchParams(location.search);
        params.delete("variant");
        fields.forEach(function (name, j) {
          if (options[j]) params.set(name, options[j]); else params.delete(name);
        });
        var query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    // A variant with an image of its own shows it; one without shows the
    // product's first image, as the page the server renders for it does.
    function showVariantImage(v) {
      if (!gallery || !images.length) return;
      var img = images[0];
      for (var i = 0; i < images.length; i++) {
        if (v.image && images[i].id === v.image) img = images[i];
      }
      setMain(gallery, img);
    }

    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio]")) update(true);
    });
    // A browser restoring the form (going back) may have checked other
    // chips than the page was rendered for.
    update(false);
  }


  // "Add more rows" in the product editor. Without JavaScript the button
  // posts the form and the mall keeps the images already chosen (as
  // pending uploads); with it, the rows are added here, so the form is not
  // sent and the file input keeps its files.
  function addRows(button) {
    var form = button.form;
    var body = form && form.querySelector("table.variants tbody");
    var count = form && form.querySelector("input[name=rows]");
    if (!body || !count) return;
    var attrs = ["name", "id", "for", "aria-describedby"];
    button.addEventListener("click", function (event) {
      var last = body.querySelector("tr:last-child");
      if (!last) return;
      event.preventDefault();
      var first = null;
      for (var k = 0; k < 3; k++) {
        var n = parseInt(count.value, 10);
        if (!(n >= 0) || n >= 100) break;
        var from = n - 1;
        var row = last.cloneNode(true);
        row.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
        row.querySelectorAll("*").forEach(function (el) {
          attrs.forEach(function (attr) {
            var val = el.getAttribute(attr);
            if (val) el.setAttribute(attr, val.replace(/variants\.\d+\./, "variants." + n + "."));
          });
          if (el.tagName === "LABEL") {
            el.textContent = el.textContent.replace(new RegExp("(^|\\D)" + (from + 1) + "(?!\\d)"), "$1" + (n + 1));
          }
        });
        row.querySelectorAll("input").forEach(function (input) {
          input.value = "";
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        });
        row.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
        body.appendChild(row);
        count.value = String(n + 1);
        last = row;
        if (!first) first = row;
      }
      var input = first && first.querySelector("input:not([type=hidden])");
      if (input) input.focus();
    });
  }

  // On a phone tables are drawn as one card per row, each cell labelled by
  // its data-label (see mall.css). A table whose template gave its cells
  // no labels gets its column headings as labels here.
  function labelCells(table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        var head = heads[i];
        if (!head || cell.hasAttribute("data-label") || cell.tagName !== "TD") return;
        var text = head.textContent.trim();
        if (text && !head.querySelector(".visually-hidden")) cell.setAttribute("data-label", text);
      });
    });
  }

  function init() {
    document.querySelectorAll("select[data-autosubmit]").forEach(autosubmit);
    document.querySelectorAll("input[type=file][data-preview]").forEach(preview);
    document.querySelectorAll("[data-count-for]").forEach(counter);
    document.querySelectorAll(".gallery").forEach(gallery);
    document.querySelectorAll("form[data-picker]").forEach(picker);
    document.querySelectorAll("table.table").forEach(labelCells);
    document.querySelectorAll("button[data-add-rows]").forEach(addRows);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
