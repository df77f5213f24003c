import{u as o,n,M as s}from"./index-DvvYWEZF.js";function a(){const{t}=o("documents");return n.jsx(s,{title:t("title")})}export{a as default};
