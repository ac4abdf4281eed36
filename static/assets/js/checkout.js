// checkout.js: the checkout page without round trips. Without it the page
// works as it is: "Update totals" prices a new shipping choice and shows
// the fields of a new country.
//
//   <select data-address-country>             the country; on change the
//   <div data-address-parts data-formats=JSON> parts inside are reordered,
//   <div data-address-part="C|S|Z|A|A2">       relabelled, required or hidden
//                                              as the country's rules say
//   <section data-subtotal="5000">             a shop's part; its checked
//   <input type="radio" data-cost="500">       shipping sets its totals
//   <div data-currency="USD">                  the summary, summed
(function () {
  "use strict";

  var form = document.querySelector('form[data-testid="checkout-form"]');
  if (!form) return;

  // The address follows the country.
  var country = form.querySelector("[data-address-country]");
  var parts = form.querySelector("[data-address-parts]");
  var formats = {};
  try { formats = JSON.parse(parts.getAttribute("data-formats") || "{}"); } catch (e) { formats = {}; }

  function follow() {
    var rules = formats[country.value] || formats.ZZ;
    if (!rules) return;
    var order = rules.order.split("").filter(function (p) { return "ACSZ".indexOf(p) >= 0; });
    var known = !!formats[country.value];
    ["C", "S", "Z"].forEach(function (p) {
      if (order.indexOf(p) < 0 && !known) order.push(p);
    });
    ["C", "S", "Z"].forEach(function (p) {
      var box = parts.querySelector('[data-address-part="' + p + '"]');
      if (!box) return;
      var used = order.indexOf(p) >= 0;
      box.hidden = !used;
      var input = box.querySelector("input");
      var label = box.querySelector("label");
      if (label && rules.labels[p]) label.textContent = rules.labels[p];
      if (input) input.required = used && rules.require.indexOf(p) >= 0;
    });
    order.forEach(function (p) {
      var box = parts.querySelector('[data-address-part="' + p + '"]');
      if (box) parts.appendChild(box);
      if (p === "A") {
        var line2 = parts.querySelector('[data-address-part="A2"]');
        if (line2) parts.appendChild(line2);
      }
    });
  }
  if (country && parts) country.addEventListener("change", follow);

  // The totals follow the shipping chosen.
  var summary = form.querySelector("[data-currency]");
  var expected = form.querySelector('input[name="expected_total"]');
  var currency = summary ? summary.getAttribute("data-currency") : "";
  var money = null;
  try {
    money = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "currency", currency: currency });
  } catch (e) { money = null; }
  var digits = money ? money.resolvedOptions().maximumFractionDigits : 2;

  function show(amount) { return money.format(amount / Math.pow(10, digits)); }

  function set(scope, testid, amount) {
    var el = scope.querySelector('[data-testid="' + testid + '"]');
    if (el) el.textContent = show(amount);
  }

  function reprice() {
    if (!money) return;
    var shipping = 0, total = 0, subtotal = 0;
    form.querySelectorAll("section[data-subtotal]").forEach(function (group) {
      var sub = parseInt(group.getAttribute("data-subtotal"), 10) || 0;
      var checked = group.querySelector("input[type=radio][data-cost]:checked");
      var cost = checked ? parseInt(checked.getAttribute("data-cost"), 10) || 0 : 0;
      set(group, "checkout-group-shipping", cost);
      set(group, "checkout-group-total", sub + cost);
      subtotal += sub;
      shipping += cost;
      total += sub + cost;
    });
    set(summary, "checkout-subtotal", subtotal);
    set(summary, "checkout-shipping", shipping);
    set(summary, "checkout-total", total);
    // The total the shopper now sees is the one the order is placed at.
    if (expected) expected.value = String(total);
  }
  form.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=radio][data-cost]")) reprice();
  });
})();
