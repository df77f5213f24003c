import{r as e,i as a}from"./index-3bg80HCe.js";const n=e.createContext(null);function f(r){let t=e.useRef({});return a.createElement(n.Provider,{value:t},r.children)}export{f as $};
