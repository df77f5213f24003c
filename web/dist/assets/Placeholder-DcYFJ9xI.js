import{u as n,n as o,M as s}from"./index-DvvYWEZF.js";function a(){const{t}=n("hearings");return o.jsx(s,{title:t("title")})}export{a as default};
