/* Checking people in on a tablet, with or without a connection.

   The participants' list is loaded from the server and kept in IndexedDB, so that the
   page works on when the connection drops, and opens again offline (the service worker
   keeps the page's frame). Each tick is a check-in with a key made here, kept in a queue
   in IndexedDB until the server has answered for it: sent again after a failure, it is
   recorded once, for the server knows its key. */
"use strict";

(function () {
  const root = document.getElementById("check-in");
  if (!root) return;
  const eventId = Number(root.dataset.event);
  const texts = root.dataset;
  const DB_NAME = "vss-check-in";
  const CACHE = "vss-check-in-v1";
  const storageKey = "vss-check-in-allowance-" + eventId;
  let people = [];
  let queue = [];
  let sending = false;

  const { openDb, done, asked, newId, keepFrame } = self.VSSOffline;
  const dbReady = openDb(DB_NAME, (db) => {
    db.createObjectStore("lists", { keyPath: "event" });
    const store = db.createObjectStore("queue", { keyPath: "key" });
    store.createIndex("event", "event");
  });

  async function readStored() {
    const db = await dbReady;
    const transaction = db.transaction(["lists", "queue"]);
    const list = await asked(transaction.objectStore("lists").get(eventId));
    const items = await asked(transaction.objectStore("queue").index("event").getAll(eventId));
    return { people: list ? list.people : [], queue: items };
  }

  async function storeList(list) {
    const db = await dbReady;
    const transaction = db.transaction("lists", "readwrite");
    transaction.objectStore("lists").put({ event: eventId, people: list });
    await done(transaction);
  }

  async function storeItems(items) {
    const db = await dbReady;
    const transaction = db.transaction("queue", "readwrite");
    items.forEach((item) => transaction.objectStore("queue").put(item));
    await done(transaction);
  }

  function itemsOf(personId) {
    return queue.filter((item) => item.invitation === personId);
  }

  function stateOf(person) {
    const items = itemsOf(person.id);
    const present = person.present || items.some((i) => i.present && i.state !== "refused");
    const paid = person.paid || items.some((i) => i.allowance && i.state !== "refused");
    let state = "";
    if (items.some((i) => i.state === "refused")) state = "refused";
    if (items.some((i) => i.state === "arrived")) state = "arrived";
    if (items.some((i) => i.state === "waiting")) state = "waiting";
    if (!state && (person.present || person.paid)) state = "arrived";
    const refused = items.find((i) => i.state === "refused");
    return { present, paid, state, message: refused ? refused.message : "" };
  }

  function stateText(state) {
    if (state === "waiting") return texts.waiting;
    if (state === "arrived") return texts.arrived;
    if (state === "refused") return texts.refused;
    return "";
  }

  function checkbox(label, checked, onChange) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.disabled = checked;
    box.setAttribute("aria-label", label);
    box.addEventListener("change", onChange);
    return box;
  }

  function render() {
    const body = document.getElementById("check-in-people");
    const filter = document.getElementById("check-in-filter").value.trim().toLowerCase();
    body.replaceChildren();
    people
      .filter((person) => !filter || person.name.toLowerCase().includes(filter))
      .forEach((person) => {
        const state = stateOf(person);
        const row = document.createElement("tr");
        row.dataset.invitation = person.id;
        const name = document.createElement("td");
        name.textContent = person.name;
        name.setAttribute("translate", "no");
        const vehicle = document.createElement("td");
        vehicle.textContent = person.vehicle || "—";
        const present = document.createElement("td");
        present.append(checkbox(texts.presentLabel + " " + person.name, state.present, () => tick(person, false)));
        const paid = document.createElement("td");
        paid.append(checkbox(texts.paidLabel + " " + person.name, state.paid, () => tick(person, true)));
        const where = document.createElement("td");
        where.className = "check-in-state " + state.state;
        where.textContent = stateText(state.state) + (state.message ? ": " + state.message : "");
        row.append(name, vehicle, present, paid, where);
        body.append(row);
      });
    // People, as the rows show them: a person ticked present and paid is one, and one
    // checked in on another tablet or before this page was opened is recorded too.
    const states = people.map(stateOf);
    const counted = (state) => states.filter((s) => s.state === state).length;
    document.getElementById("check-in-waiting").textContent = String(counted("waiting"));
    document.getElementById("check-in-arrived").textContent = String(counted("arrived"));
    document.getElementById("check-in-present").textContent = String(
      states.filter((s) => s.present).length
    );
    document.getElementById("check-in-empty").hidden = people.length > 0;
    document.getElementById("check-in-connection").textContent = navigator.onLine ? texts.online : texts.offline;
  }

  function allowance() {
    const amount = document.getElementById("check-in-amount").value.trim();
    const currency = document.getElementById("check-in-currency").value;
    if (!/^\d+(\.\d{1,2})?$/.test(amount)) return null;
    return { amount, currency };
  }

  async function tick(person, paying) {
    const state = stateOf(person);
    const item = {
      key: newId(),
      event: eventId,
      invitation: person.id,
      present: !state.present,
      at: new Date().toISOString(),
      allowance: null,
      state: "waiting",
      message: "",
    };
    if (paying) {
      item.allowance = allowance();
      if (!item.allowance) {
        document.getElementById("check-in-notice").textContent = texts.noAmount;
        render();
        return;
      }
    }
    document.getElementById("check-in-notice").textContent = "";
    queue.push(item);
    await storeItems([item]);
    render();
    send();
  }

  async function send() {
    const waiting = queue.filter((i) => i.state === "waiting");
    if (sending || !waiting.length || !navigator.onLine) return;
    sending = true;
    try {
      const response = await fetch(root.dataset.sendUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify({
          check_ins: waiting.map((i) => ({
            key: i.key,
            invitation: i.invitation,
            present: i.present,
            at: i.at,
            allowance: i.allowance,
          })),
        }),
      });
      if (!response.ok) return;
      const answer = await response.json();
      const byKey = new Map(answer.results.map((r) => [r.key, r]));
      waiting.forEach((item) => {
        const result = byKey.get(item.key);
        if (!result) return;
        item.state = result.outcome === "refused" ? "refused" : "arrived";
        item.message = result.message || "";
      });
      await storeItems(waiting);
    } catch (error) {
      // The connection dropped on the way: the check-ins wait for the next try.
    } finally {
      sending = false;
      render();
    }
  }

  async function loadList() {
    if (!navigator.onLine) return;
    try {
      const response = await fetch(root.dataset.peopleUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      const answer = await response.json();
      people = answer.people;
      await storeList(people);
      render();
    } catch (error) {
      // Offline after all: the list kept from before stands.
    }
  }

  document.getElementById("check-in-filter").addEventListener("input", render);
  document.getElementById("check-in-send").addEventListener("click", send);
  const amountInput = document.getElementById("check-in-amount");
  const currencyInput = document.getElementById("check-in-currency");
  const stored = JSON.parse(localStorage.getItem(storageKey) || "null");
  if (stored) {
    amountInput.value = stored.amount;
    currencyInput.value = stored.currency;
  }
  [amountInput, currencyInput].forEach((input) =>
    input.addEventListener("change", () =>
      localStorage.setItem(storageKey, JSON.stringify({ amount: amountInput.value, currency: currencyInput.value }))
    )
  );
  window.addEventListener("online", () => {
    render();
    loadList().then(send);
  });
  window.addEventListener("offline", render);
  setInterval(send, 15000);

  readStored()
    .then((stored) => {
      people = stored.people;
      queue = stored.queue;
      render();
    })
    .then(loadList)
    .then(send)
    .then(() => keepFrame(root.dataset.workerUrl, root.dataset.workerScope, CACHE))
    .then((kept) => {
      document.getElementById("check-in-kept").hidden = !kept;
    });
})();
