import{u as s,n as e,M as n}from"./index-DvvYWEZF.js";function a(){const{t}=s("statements");return e.jsx(n,{title:t("title")})}export{a as default};
