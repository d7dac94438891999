// The review page: one run, its current review, the previous version beside it, the history,
// and the decision bar. Decisions name the review they answer (`pause`), so a page that has
// fallen behind cannot decide on a later stage.
"use strict";

const runId = location.pathname.split("/").pop();
const $ = (id) => document.getElementById(id);
const view = {
  page: null, // the last `completed` message
  decided: true,
  selected: new Set(),
  slide: 0,
  context: {},
  selectable: false,
  toggle(index) {
    if (this.selected.has(index)) this.selected.delete(index);
    else this.selected.add(index);
    drawSelection();
  },
};

const socket = new CreatorSocket(onMessage, (s) => s.send({ action: "attach", run_id: runId }));
// The name typed last time, unless the reviewer was quicker than this script.
$("reviewer").value ||= localStorage.getItem("reelflow.reviewer") || "";
$("reviewer").oninput = () => localStorage.setItem("reelflow.reviewer", $("reviewer").value);

function onMessage(message) {
  if (message.run_id && message.run_id !== runId && message.status !== "error") return;
  switch (message.status) {
    case "completed": return showReview(message);
    case "running": return setWorking(message);
    case "pipeline_complete": return showDelivery(message);
    case "stopped": return showEnd(message, "warn", "Stopped");
    case "failed": return showEnd(message, "bad", "Failed");
    case "error":
      toast(message.message);
      if (message.code === "stale" || message.code === "refused") setDecided(false);
      if (message.code === "unauthorized") location.assign(`/login?next=${location.pathname}`);
      return;
  }
}

function showReview(page) {
  const changed = !view.page || view.page.pause_key !== page.pause_key;
  view.page = page;
  view.context = page.context || {};
  view.selectable = true;
  if (changed) {
    view.selected.clear();
    view.slide = 0;
    $("feedback").value = "";
  }
  $("title").textContent = page.run_name || "Review";
  $("state").textContent = `${page.stage} v${page.version} · waiting for you`;
  drawStages(page.progress.stages, page.progress.stage - 1);
  const banner = [];
  if (page.message) banner.push(el("div", { className: "banner warn" }, page.message));
  if (page.failed) banner.push(el("div", { className: "banner bad" }, "This stage failed: ",
    el("pre", {}, page.error), "Regenerate to try again, or stop."));
  $("banner").replaceChildren(...banner);
  drawColumns(page);
  drawContext(page);
  drawHistory(page.history || []);
  drawCompliance(page.compliance, page.variants_compliance || []);
  drawSelection();
  drawBackTo(page.earlier || []);
  // Only where the run takes them (its variant_stages: none for a localized version, whose
  // words are its translation).
  $("variants").hidden = !(page.variant_stages || []).includes(page.stage);
  if (changed) $("variants").value = "1";
  setDecided(false);
}

// The stages this review can go back to (the flow and the console refuse any other).
function drawBackTo(earlier) {
  $("back-to").replaceChildren(el("option", { value: "" }, "earlier stage…"),
    ...earlier.map((stage) => el("option", { value: stage }, stage)));
}

// Variants side by side: a column each, with its own findings and Pick button (accept with
// `pick`). The flow holds a pick to that variant's findings, so each column shows its own.
function drawVariants(page, draw) {
  const reports = page.variants_compliance || [];
  const columns = page.variants.map((data, index) => {
    const still = { ...view, selectable: false, selected: new Set(), slide: view.slide, toggle() {} };
    const pick = el("button", { type: "button", className: "accept pick", disabled: view.decided },
      `Pick ${index + 1}`);
    pick.onclick = () => decide("accept", index + 1);
    // Regenerate from this variant: the next version revises it (with the feedback box's words).
    const redo = el("button", { type: "button", className: "regenerate redo", disabled: view.decided },
      `Redo from ${index + 1}`);
    redo.onclick = () => decide("regenerate", index + 1);
    return el("div", { className: "variant" }, el("h3", {}, `Variant ${index + 1}`),
      draw ? draw(data, still) : el("pre", {}, JSON.stringify(data, null, 1)),
      variantFindings(reports[index]), el("div", { className: "variant-actions" }, pick, redo));
  });
  $("current").replaceChildren(
    el("h2", {}, `${page.stage} · version ${page.version} · ${page.variants.length} variants: pick one`),
    el("div", { className: "variants" }, ...columns));
  $("previous").hidden = true;
  $("compare").classList.remove("compare");
}

function variantFindings(report) {
  if (!report) return null;
  const blocking = report.findings.filter((f) => f.severity === "block");
  const warnings = report.findings.length - blocking.length;
  return el("div", { className: "findings" },
    el("p", { className: blocking.length ? "blocking" : "muted" }, blocking.length
      ? `⛔ ${blocking.length} blocking finding(s): picking it needs a written waiver.`
      : `No blocking findings${warnings ? ` · ⚠️ ${warnings} warning(s)` : ""}.`),
    blocking.length ? el("ul", {}, blocking.map((f) => el("li", {}, `${f.rule_id}: ${f.message}`))) : null);
}

// Blocking findings of what an accept takes: the picked variant's, or the stage's.
function blockingFor(pick) {
  if (!view.page) return 0;
  if (pick) return ((view.page.variants_compliance || [])[pick - 1] || {}).blocking || 0;
  return (view.page.compliance || {}).blocking || 0;
}

function drawColumns(page) {
  const draw = Stages[page.stage];
  if ((page.variants || []).length) return drawVariants(page, draw);
  const current = page.data && draw ? draw(page.data, view) : el("p", { className: "muted" }, "No output.");
  $("current").replaceChildren(el("h2", {}, `${page.stage} · version ${page.version}`), current);
  const previous = $("previous");
  if (page.previous && draw) {
    const still = { ...view, selectable: false, selected: new Set(), slide: view.slide, toggle() {} };
    previous.replaceChildren(el("h2", { className: "muted" }, `previous · version ${page.previous.version}`),
      draw(page.previous, still));
    previous.hidden = false;
    $("compare").classList.add("compare");
  } else {
    previous.hidden = true;
    $("compare").classList.remove("compare");
  }
}

// Slides and narration made so far, for stages that come after them.
function drawContext(page) {
  const box = $("context");
  const visuals = view.context.visuals;
  if (!visuals || page.stage === "visuals") {
    box.hidden = true;
    return;
  }
  const still = { ...view, selectable: false, toggle() {} };
  box.replaceChildren(el("h2", {}, `Slides (visuals v${visuals.version})`), slideViewer(visuals.items, still));
  box.hidden = false;
}

// Findings with rule, source and evidence; a blocking one needs a written waiver to accept.
// At a review of variants each column shows its own findings instead, and the waiver is asked
// for when any of them blocks.
function drawCompliance(report, variantReports) {
  const box = $("compliance");
  const shown = variantReports.filter(Boolean);
  if (shown.length) {
    box.hidden = true;
    $("waiver").hidden = !shown.some((r) => r.blocking);
    return;
  }
  const findings = report ? report.findings : [];
  box.hidden = !report;
  $("waiver").hidden = !(report && report.blocking);
  if (!report) return;
  box.replaceChildren(
    el("h2", {}, `Compliance · ${report.profile} ${report.profile_version}`),
    findings.length === 0 ? el("p", { className: "muted" }, "No findings.") :
      el("table", {}, el("tbody", {}, ...findings.map((f) => el("tr", {},
        el("td", {}, f.severity === "block" ? "⛔ block" : "⚠️ warn"), el("td", {}, f.rule_id),
        el("td", {}, f.message), el("td", {}, f.evidence.map((e) => `${e.where}: “${e.text}”`).join("; ")),
        el("td", { className: "muted" }, f.source))))),
    el("p", { className: "muted" }, "These checks assist MLR review; they are not legal advice."));
}

function drawHistory(history) {
  const box = $("history");
  box.hidden = history.length === 0;
  box.replaceChildren(el("h2", {}, "Feedback so far on this stage"),
    el("table", {}, el("tr", {}, el("th", {}, "Version"), el("th", {}, "Decision"), el("th", {}, "Feedback"),
      el("th", {}, "Reviewer"), el("th", {}, "When")),
      history.map((r) => el("tr", {}, el("td", {}, `v${r.version}`), el("td", {}, r.decision),
        el("td", {}, r.feedback || "—"), el("td", {}, r.reviewer || "—"), el("td", {}, new Date(r.at).toLocaleString())))));
}

function drawStages(stages, now) {
  $("stages").replaceChildren(...stages.map((name, i) =>
    el("li", { className: i < now ? "done" : i === now ? "now" : "" }, name)));
}

function drawSelection() {
  const picked = [...view.selected].sort((a, b) => a - b);
  for (const card of document.querySelectorAll("#current .scene")) {
    card.classList.toggle("selected", view.selected.has(Number(card.dataset.scene)));
  }
  for (const box of document.querySelectorAll("#current input[type=checkbox]")) {
    box.checked = view.selected.has(Number(box.closest("div").querySelector("img").dataset.scene));
  }
  $("selection").textContent = picked.length
    ? `Regenerate only ${picked.length === 1 ? "scene" : "scenes"} ${picked.join(", ")}.`
    : "No scenes selected: feedback applies to the whole stage.";
}

function setWorking(message) {
  setDecided(true);
  const after = message.decided ? ` after ${message.decided.decision} of ${message.decided.stage} v${message.decided.version}` : "";
  $("state").textContent = `${message.state}${after} · working…`;
}

function setDecided(decided) {
  view.decided = decided;
  for (const id of ["accept", "regenerate", "stop", "back", "back-to"]) $(id).disabled = decided || !view.page;
  for (const button of document.querySelectorAll("#current button.pick, #current button.redo")) {
    button.disabled = decided;
  }
  if (view.page && !(view.page.earlier || []).length) $("back").disabled = $("back-to").disabled = true;
  if (view.page && view.page.failed) $("accept").disabled = true;
  // Variants are accepted by picking one: the plain Accept (and its key) would be refused.
  const variants = Boolean(view.page && (view.page.variants || []).length);
  if (variants) $("accept").disabled = true;
  $("accept").title = variants ? "Pick one of the variants above" : "";
}

function showDelivery(message) {
  setDecided(true);
  view.page = null;
  drawStages(["scenes", "script", "visuals", "animations", "tts", "render"], 6);
  $("state").textContent = "Finished";
  $("banner").replaceChildren(el("div", { className: "banner ok" }, "Video ready."));
  const data = message.data;
  $("current").replaceChildren(el("h2", {}, "Delivered video"),
    el("video", { controls: true, preload: "metadata", src: data.video_url, id: "video" }),
    el("p", {}, el("a", { href: data.video_url, download: "" }, "MP4"), " · ",
      data.srt_url ? el("a", { href: data.srt_url }, "captions") : null, " · ",
      data.audit_url ? el("a", { href: data.audit_url }, "audit record") : null));
  $("previous").hidden = true;
  $("compare").classList.remove("compare");
}

function showEnd(message, kind, label) {
  setDecided(true);
  $("state").textContent = label;
  $("banner").replaceChildren(el("div", { className: `banner ${kind}` }, `${label}: ${message.message}`));
}

function decide(action, pick) {
  if (view.decided || !view.page) return;
  if (action === "accept" && !pick && (view.page.variants || []).length) {
    toast("Pick one of the variants: each column has its own Pick button.", "warn");
    return;
  }
  if (action === "accept" && blockingFor(pick) && !$("waiver").value.trim()) {
    toast(`${pick ? `Variant ${pick}` : "This stage"} has blocking compliance findings: write why ` +
      "they are acceptable in the waiver field to accept it, or regenerate.", "warn");
    $("waiver").hidden = false;
    $("waiver").focus();
    return;
  }
  const message = { action, pause: view.page.pause, reviewer: $("reviewer").value };
  if (pick) message.pick = pick;
  if (action === "regenerate") message.feedback = composeFeedback();
  if (action === "regenerate" && !$("variants").hidden && Number($("variants").value) > 1) {
    message.variants = Number($("variants").value);
  }
  if (action === "back") {
    message.stage = $("back-to").value;
    message.feedback = $("feedback").value.trim();
    if (!message.stage) { $("back-to").focus(); return; }
  }
  if (action === "accept" && !$("waiver").hidden) message.waiver = $("waiver").value.trim();
  if (action === "stop" && !confirm("Stop this run here? Everything made so far is kept.")) return;
  setDecided(true);
  socket.send(message);
}

// "scene 2: …" / "scenes 2, 4: …" is how the writer knows to redo only those scenes.
function composeFeedback() {
  const text = $("feedback").value.trim();
  const picked = [...view.selected].sort((a, b) => a - b);
  if (!picked.length) return text;
  return `${picked.length === 1 ? "scene" : "scenes"} ${picked.join(", ")}: ${text || "redo"}`;
}

$("accept").onclick = () => decide("accept");
$("regenerate").onclick = () => decide("regenerate");
$("stop").onclick = () => decide("stop");
$("back").onclick = () => decide("back");

document.addEventListener("keydown", (event) => {
  const typing = event.target.matches("textarea, input:not([type=checkbox])");
  if (typing) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) decide("regenerate");
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const slides = document.querySelector("#current .picker");
  if (event.key === "a") decide("accept");
  else if (event.key === "r") { event.preventDefault(); $("feedback").focus(); }
  else if (event.key === "s") decide("stop");
  else if (event.key === "v") { const video = $("video"); if (video) video.paused ? video.play() : video.pause(); }
  else if (/^[1-9]$/.test(event.key) && view.selectable) view.toggle(Number(event.key));
  else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && slides) {
    const buttons = [...slides.querySelectorAll("button")];
    const now = buttons.findIndex((b) => b.classList.contains("now"));
    const next = Math.max(0, Math.min(buttons.length - 1, now + (event.key === "ArrowRight" ? 1 : -1)));
    buttons[next].click();
  }
});
