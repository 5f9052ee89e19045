// Credentials. Which kind an operation takes is part of it; another kind is a WrongTokenError.
// The value is kept in a private field, so it never shows in console.log or JSON.stringify.

/** The platform's own component_access_token. */
export class ComponentToken {
  #value;
  constructor(value) {
    if (typeof value !== "string") throw new TypeError("ComponentToken(value) takes the token as a string");
    this.#value = value;
  }
  get kind() { return "component"; }
  get appid() { return undefined; }
  /** The token itself. Never log it. */
  get value() { return this.#value; }
  toString() { return "ComponentToken(***)"; }
  toJSON() { return { kind: "component", value: "***" }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

/** An authorizer_access_token together with the appid of the account it belongs to. */
export class AuthorizerToken {
  #appid;
  #value;
  constructor(appid, value) {
    if (typeof appid !== "string" || typeof value !== "string") {
      throw new TypeError("AuthorizerToken(appid, value) takes two strings");
    }
    this.#appid = appid;
    this.#value = value;
  }
  get kind() { return "authorizer"; }
  get appid() { return this.#appid; }
  /** The token itself. Never log it. */
  get value() { return this.#value; }
  toString() { return `AuthorizerToken(${this.#appid}, ***)`; }
  toJSON() { return { kind: "authorizer", appid: this.#appid, value: "***" }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}
