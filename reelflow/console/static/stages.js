// How each stage's output is drawn on the review page. Every function takes the stage's JSON
// (as sent in `completed`) and the page's selection state, and returns DOM nodes.
"use strict";

const Stages = {
  scenes(data, view) {
    return el("div", { className: "scenes" }, data.scenes.map((scene) => sceneCard(scene, view)));
  },

  script(data, view) {
    const titles = sceneTitles(view.context.scenes);
    // A social post's caption (what the platform shows beside the video) is reviewed with it.
    const caption = data.post_caption
      ? el("article", { className: "scene post-caption" }, el("h3", {}, "Post caption"),
        el("p", { style: "white-space: pre-wrap" }, data.post_caption))
      : null;
    return el("div", { className: "scenes" }, data.lines.map((line) =>
      sceneCard({ index: line.scene_index, title: titles[line.scene_index] || "" }, view,
        el("p", {}, line.narration))), caption);
  },

  visuals(data, view) {
    return slideViewer(data.items, view);
  },

  animations(data, view) {
    return el("div", {},
      data.preview_url ? el("img", { src: data.preview_url, className: "slide", alt: "animated preview" }) : null,
      el("table", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "Enters"), el("th", {}, "Captions")),
        data.items.map((a) => el("tr", {}, el("td", {}, a.scene_index),
          el("td", {}, `${a.transition_in} ${a.transition_s}s`), el("td", {}, a.caption_style)))));
  },

  tts(data, view) {
    const titles = sceneTitles(view.context.scenes);
    return el("div", { className: "scenes narration" }, data.clips.map((clip) =>
      sceneCard({ index: clip.scene_index, title: titles[clip.scene_index] || "" }, view,
        el("audio", { controls: true, preload: "metadata", src: clip.audio_url }),
        el("div", { className: "muted" }, `${clip.duration_s.toFixed(2)} s`))));
  },

  render(data) {
    return el("div", {},
      el("video", { controls: true, preload: "metadata", src: data.mp4_url, poster: data.poster_url || "", id: "video" }),
      el("p", {}, `${data.duration_s.toFixed(1)} s · ${data.width}×${data.height} @ ${data.fps} fps · `,
        el("a", { href: data.mp4_url, download: "" }, "MP4"), " · ",
        el("a", { href: data.srt_url }, "captions"), " · ",
        el("a", { href: data.manifest_url }, "manifest")));
  },
};

function sceneTitles(scenes) {
  const titles = {};
  for (const scene of (scenes && scenes.scenes) || []) titles[scene.index] = scene.title;
  return titles;
}

// A scene the reviewer can click to regenerate only it (only on the current version).
function sceneCard(scene, view, ...extra) {
  const card = el("article", { className: "scene", tabIndex: 0 },
    el("h3", {}, `${scene.index}. ${scene.title}`),
    scene.purpose ? el("div", { className: "muted" }, scene.purpose) : null,
    scene.bullets && scene.bullets.length ? el("ul", {}, scene.bullets.map((b) => el("li", {}, b))) : null,
    ...extra);
  card.dataset.scene = scene.index;
  if (view.selectable) {
    card.classList.toggle("selected", view.selected.has(scene.index));
    card.onclick = (event) => {
      if (event.target.closest("audio")) return;
      view.toggle(scene.index);
    };
  }
  return card;
}

// Slides full size, one at a time, with a picker; clicking the slide selects its scene.
function slideViewer(items, view) {
  const box = el("div", {});
  const draw = () => {
    const index = Math.min(view.slide, items.length - 1);
    const item = items[index];
    const picker = el("div", { className: "picker" }, items.map((it, i) =>
      el("button", { type: "button", className: i === index ? "now" : "", onclick: () => { view.slide = i; draw(); } },
        String(it.scene_index))));
    const image = el("img", { className: "slide", src: item.image_url, alt: `slide ${item.scene_index}` });
    image.dataset.scene = item.scene_index;
    const pick = el("label", {}, el("input", {
      type: "checkbox", checked: view.selected.has(item.scene_index), disabled: !view.selectable,
      onchange: () => view.toggle(item.scene_index),
    }), ` redo scene ${item.scene_index}`);
    const narration = view.context.tts && view.context.tts.clips.find((c) => c.scene_index === item.scene_index);
    box.replaceChildren(picker, image, view.selectable ? pick : null,
      narration ? el("audio", { controls: true, preload: "metadata", src: narration.audio_url }) : null);
  };
  box.redraw = draw;
  draw();
  return box;
}
