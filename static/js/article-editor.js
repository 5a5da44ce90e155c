// Writing aids on the article form: a word count and reading time under the body, and a
// warning before leaving the page with changes that were not saved.
(function () {
  "use strict";

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function setUpCount(textarea) {
    var perMinute = parseInt(textarea.getAttribute("data-words-per-minute"), 10) || 230;
    var counter = document.createElement("p");
    counter.className = "article-counts";
    counter.id = "article-counts";
    textarea.setAttribute("aria-describedby", [textarea.getAttribute("aria-describedby"), "article-counts"].filter(Boolean).join(" "));
    textarea.insertAdjacentElement("afterend", counter);
    function update() {
      var words = countWords(textarea.value);
      // The same rule as Article.reading_minutes, so the byline says what the editor saw.
      var minutes = Math.max(1, Math.ceil(words / perMinute));
      counter.textContent = words + (words === 1 ? " word" : " words") + " · " + minutes + " min read";
    }
    textarea.addEventListener("input", update);
    update();
  }

  function guardUnsaved(form) {
    var dirty = false;
    function mark(event) {
      // Changes to the action menu or filters are not the article's.
      if (event.target && event.target.form === form) {
        dirty = true;
      }
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var textarea = document.querySelector("textarea[data-words-per-minute]");
    if (textarea) {
      // After article-preview.js has moved the textarea into its column.
      window.setTimeout(function () {
        setUpCount(textarea);
      }, 0);
      if (textarea.form) {
        guardUnsaved(textarea.form);
      }
    }
  });
})();
