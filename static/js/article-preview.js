// Live preview of an article body in the admin. The server renders it with the same
// Markdown + sanitizer code as on save, so what the editor sees is what readers get.
(function () {
  "use strict";

  function setUp(textarea) {
    var url = textarea.getAttribute("data-preview-url");
    var form = textarea.form;
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput) {
      return;
    }
    var panel = document.createElement("section");
    panel.className = "article-preview";
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-label", "Live preview of the body");
    var heading = document.createElement("h3");
    heading.className = "article-preview__heading";
    heading.textContent = "Preview";
    var body = document.createElement("div");
    body.className = "article-preview__body";
    panel.appendChild(heading);
    panel.appendChild(body);
    // Below the label-and-textarea row, so the textarea keeps its full width.
    (textarea.closest(".flex-container") || textarea).insertAdjacentElement("afterend", panel);

    var timer = null;
    var latest = 0;

    function refresh() {
      var request = ++latest;
      var data = new FormData();
      data.append("body", textarea.value);
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput.value },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (json) {
          if (request === latest) {
            // Sanitized on the server by the same allow-list as published articles.
            body.innerHTML = json.html;
            heading.textContent = "Preview";
          }
        })
        .catch(function () {
          if (request === latest) {
            heading.textContent = "Preview (could not refresh; your text is safe in the box above)";
          }
        });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var textarea = document.querySelector("textarea[data-preview-url]");
    if (textarea) {
      setUp(textarea);
    }
  });
})();
