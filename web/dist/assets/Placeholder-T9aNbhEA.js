import{u as s,n as e,M as n}from"./index-CLymQw78.js";function a(){const{t}=s("statements");return e.jsx(n,{title:t("title")})}export{a as default};
