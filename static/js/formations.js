/* Formations' few enhancements: every page works without them. */
(function () {
  "use strict";

  // A form sent back with errors: focus its error summary, so that it is read first
  // (the DSFR's error pattern; issue 9, point 11).
  function focusErrorSummary() {
    var summary = document.querySelector(".formations-error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // The new-request form: the District and Réseau selects only for the scale that needs
  // them. Without this script both stay shown, and the server checks the choice.
  function followScale() {
    var radios = document.querySelectorAll('input[type="radio"][name="scale"]');
    if (!radios.length) {
      return;
    }
    var groups = {
      district: document.getElementById("id_district"),
      reseau: document.getElementById("id_reseau"),
    };
    function update() {
      var checked = document.querySelector('input[type="radio"][name="scale"]:checked');
      var scale = checked ? checked.value : "";
      Object.keys(groups).forEach(function (name) {
        var select = groups[name];
        if (!select) {
          return;
        }
        var group = select.closest(".fr-select-group") || select.parentNode;
        group.hidden = scale !== name;
      });
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    followScale();
  });
})();
