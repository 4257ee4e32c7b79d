// Home carousel: fades every 5 s, dots jump to a slide; stops while the pointer is over it.
(function () {
  "use strict";
  function start(root) {
    var slides = root.querySelectorAll(".slide");
    var dots = root.querySelectorAll(".dots button");
    if (slides.length < 2) return;
    var current = 0, timer = null;
    function show(index) {
      slides[current].classList.remove("on");
      if (dots[current]) dots[current].classList.remove("on");
      current = (index + slides.length) % slides.length;
      slides[current].classList.add("on");
      if (dots[current]) dots[current].classList.add("on");
    }
    function play() { timer = window.setInterval(function () { show(current + 1); }, 5000); }
    dots.forEach(function (dot) { dot.addEventListener("click", function () { show(parseInt(dot.getAttribute("data-slide"), 10)); }); });
    root.addEventListener("mouseenter", function () { window.clearInterval(timer); });
    root.addEventListener("mouseleave", play);
    play();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-carousel]").forEach(start);
  });
})();
