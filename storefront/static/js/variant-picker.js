// Product page: one choice per option (Size, Colour...) instead of the list of every combination the page
// renders for shoppers without JavaScript. The chosen combination's price and stock show at once; the form
// still posts the variant's SKU in "variant", exactly as the plain list does.
(function () {
  "use strict";
  var form = document.querySelector("[data-variant-picker]");
  var data = document.getElementById("variant-data");
  var list = form && form.querySelector("select[name=variant]");
  if (!form || !data || !list) return;
  var variants = JSON.parse(data.textContent);
  var names = [];
  variants.forEach(function (v) {
    Object.keys(v.options).forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); });
  });
  var status = form.querySelector(".variant-status");
  var hidden = document.createElement("input");
  hidden.type = "hidden";
  hidden.name = "variant";
  var pickers = names.map(function (name, index) {
    var values = [];
    variants.forEach(function (v) {
      var value = v.options[name];
      if (value !== undefined && values.indexOf(value) < 0) values.push(value);
    });
    var label = document.createElement("label");
    label.htmlFor = "option-" + index;
    label.textContent = name;
    var select = document.createElement("select");
    select.id = "option-" + index;
    select.dataset.option = name;
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    return { label: label, select: select };
  });
  var first = variants.filter(function (v) { return v.available > 0; })[0] || variants[0];
  pickers.forEach(function (p) { p.select.value = first.options[p.select.dataset.option]; });
  var label = form.querySelector("label[for=variant]");
  pickers.forEach(function (p) {
    form.insertBefore(p.label, list);
    form.insertBefore(p.select, list);
    p.select.addEventListener("change", update);
  });
  label.remove();
  list.replaceWith(hidden);
  // The chosen variant's own picture takes the gallery's first place (the product's comes back without one).
  var picture = document.querySelector(".product-detail__gallery img");
  var own = picture && {
    url: picture.getAttribute("src"), width: picture.getAttribute("width"),
    height: picture.getAttribute("height"), alt: picture.alt
  };
  var button = form.querySelector("button[type=submit]");
  var quantity = form.querySelector("input[name=quantity]");
  var currency = (document.querySelector(".product-detail .price") || {}).textContent || "";
  currency = (currency.trim().split(" ").pop() || "");

  function chosen() {
    return variants.filter(function (v) {
      return pickers.every(function (p) { return v.options[p.select.dataset.option] === p.select.value; });
    })[0];
  }

  function update() {
    var v = chosen();
    status.hidden = false;
    if (!v) {
      hidden.value = "";
      status.textContent = "This combination is not available.";
      button.disabled = true;
      return;
    }
    hidden.value = v.sku;
    if (picture) {
      var shown = v.image || own;
      picture.setAttribute("src", shown.url);
      picture.setAttribute("width", shown.width);
      picture.setAttribute("height", shown.height);
      picture.alt = shown.alt;
    }
    var price = v.sale_price !== v.price ? v.sale_price + " " + currency + " (was " + v.price + ")" : v.price + " " + currency;
    status.textContent = price + " · " + (v.available > 0 ? (v.available <= 5 ? "only " + v.available + " left" : "in stock") : "sold out");
    button.disabled = v.available < 1;
    if (quantity) quantity.max = Math.max(v.available, 1);
  }
  update();
})();
