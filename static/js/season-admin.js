// On a season's admin page, "Add another character" opens the character form with the
// season's show already chosen (the admin fills a form's initial values from its query string).
(function () {
  "use strict";

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest && event.target.closest("a.add-related[id$='-character']");
      var show = document.getElementById("id_show");
      if (!link || !show || !show.value) {
        return;
      }
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("show", show.value);
      link.href = url.toString();
    },
    true // before the admin's own handler reads the link to open its popup
  );
})();
