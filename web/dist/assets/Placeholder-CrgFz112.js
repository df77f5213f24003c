import{u as o,n,M as s}from"./index-DvvYWEZF.js";function a(){const{t}=o("notifications");return n.jsx(s,{title:t("title")})}export{a as default};
