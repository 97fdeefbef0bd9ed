export * from "./enums";
export * from "./statement";
export * from "./principal";
export * from "./permission";
export * from "./access-control";
export * from "./snapshot";
export * from "./finding";
export * from "./drift";
