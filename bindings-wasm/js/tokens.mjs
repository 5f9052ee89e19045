// Credentials. Which kind an operation takes is part of it; another kind is a WrongTokenError.
// The value is kept in a private field, so it never shows in console.log or JSON.stringify.
// A token a Platform hands out (`componentAccessToken()`, `authorizerAccessToken(appid)`) also
// carries its expiry (`expiresAtMs`); one made by hand has none.

// Each entry (`wxopen`, `wxopen/lite`, `wxopen/push`) is its own bundle with its own copy of
// these classes: a token is recognized by its kind under a global symbol, so `instanceof`
// holds across entries (a push handler's release follow-up runs with a Client from another).
const KIND = Symbol.for("wxopen.tokenKind");

// Set the expiry of a token the platform read from its store (module-internal).
let setComponentExpiry;
let setAuthorizerExpiry;

/** The platform's own component_access_token. */
export class ComponentToken {
  #value;
  #expiresAtMs;
  static {
    setComponentExpiry = (token, ms) => { token.#expiresAtMs = ms; };
  }
  constructor(value) {
    if (typeof value !== "string") throw new TypeError("ComponentToken(value) takes the token as a string");
    this.#value = value;
  }
  static [Symbol.hasInstance](value) { return value?.[KIND] === "component"; }
  get [KIND]() { return "component"; }
  get kind() { return "component"; }
  get appid() { return undefined; }
  /** The token itself. Never log it. */
  get value() { return this.#value; }
  /** When it expires (unix ms), for a token a Platform handed out; else `undefined`. */
  get expiresAtMs() { return this.#expiresAtMs; }
  toString() { return "ComponentToken(***)"; }
  toJSON() { return { kind: "component", value: "***" }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

/** An authorizer_access_token together with the appid of the account it belongs to. */
export class AuthorizerToken {
  #appid;
  #value;
  #expiresAtMs;
  static {
    setAuthorizerExpiry = (token, ms) => { token.#expiresAtMs = ms; };
  }
  constructor(appid, value) {
    if (typeof appid !== "string" || typeof value !== "string") {
      throw new TypeError("AuthorizerToken(appid, value) takes two strings");
    }
    this.#appid = appid;
    this.#value = value;
  }
  static [Symbol.hasInstance](value) { return value?.[KIND] === "authorizer"; }
  get [KIND]() { return "authorizer"; }
  get kind() { return "authorizer"; }
  get appid() { return this.#appid; }
  /** The token itself. Never log it. */
  get value() { return this.#value; }
  /** When it expires (unix ms), for a token a Platform handed out; else `undefined`. */
  get expiresAtMs() { return this.#expiresAtMs; }
  toString() { return `AuthorizerToken(${this.#appid}, ***)`; }
  toJSON() { return { kind: "authorizer", appid: this.#appid, value: "***" }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

/** A token as the platform driver reports it (`{kind, authorizer_appid, access_token,
 * expires_at_ms}`) as a ComponentToken or AuthorizerToken carrying its expiry. */
export function tokenFromDriver(value) {
  if (value.kind === "authorizer") {
    const token = new AuthorizerToken(value.authorizer_appid, value.access_token);
    setAuthorizerExpiry(token, value.expires_at_ms);
    return token;
  }
  const token = new ComponentToken(value.access_token);
  setComponentExpiry(token, value.expires_at_ms);
  return token;
}
