// Small HTTP building blocks shared by the server and the mini-program.
export * from './pagination';
export * from './object-id';
