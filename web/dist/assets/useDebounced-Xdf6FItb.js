//# allFunctionsCalledOnLoad
import{r}from"./start-8QFvf9Zu.js";function n(t,e=250){const[o,s]=r.useState(t);return r.useEffect(()=>{const u=setTimeout(()=>s(t),e);return()=>clearTimeout(u)},[t,e]),o}export{n as u};
