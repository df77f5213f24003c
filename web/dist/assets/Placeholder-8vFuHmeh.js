import{u as n,n as o,M as s}from"./index-CLymQw78.js";function a(){const{t}=n("hearings");return o.jsx(s,{title:t("title")})}export{a as default};
